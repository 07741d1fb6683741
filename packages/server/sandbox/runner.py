# Runs one Server Script inside the sandbox. The host (the Cortado server)
# sends a request as JSON; every `frappe.*` call that needs the server goes
# back to it over the same JSON bridge and waits for the answer, so the script
# runs in the caller's transaction as the caller's user. Scripts only ever see
# plain Python objects: dicts, lists, strings, numbers and the small classes
# below, never an object of the JavaScript host.
import datetime
import json as json_module
import math
import traceback

import policy

_bridge = None
_exception_classes = {}


class FrappeException(Exception):
    """Base of the exceptions a script can raise or catch by Frappe's names."""

    exc_type = "Exception"


def _exception_class(name):
    return _exception_classes.get(name, FrappeException)


def _make_exceptions(table):
    """Frappe's exception classes, with Frappe's parents, from the host's table."""
    made = {}

    def make(name):
        if name in made:
            return made[name]
        parent_name = table[name].get("parent")
        parent = make(parent_name) if parent_name in table else FrappeException
        made[name] = type(name, (parent,), {"exc_type": name})
        return made[name]

    for name in table:
        make(name)
    return made


class _dict(dict):
    """Frappe's attribute dict: keys read and written as attributes."""

    def __getattr__(self, key):
        if key.startswith("__"):
            raise AttributeError(key)
        return self.get(key)

    def __setattr__(self, key, value):
        self[key] = value

    def __delattr__(self, key):
        self.pop(key, None)

    def update(self, *args, **kwargs):
        super().update(*args, **kwargs)
        return self

    def copy(self):
        return _dict(self)


def _call(bridge_method, /, **kwargs):
    """One bridge round trip; raises the Frappe exception the host reports."""
    request = {"method": bridge_method, "args": kwargs}
    answer = json_module.loads(_bridge(json_module.dumps(request, default=_json_default)))
    if "error" in answer:
        error = answer["error"]
        raise _exception_class(error.get("exc_type"))(error.get("message", ""))
    return _wrap(answer.get("value"))


def _json_default(value):
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return str(value)
    if isinstance(value, set):
        return list(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _wrap(value):
    if isinstance(value, dict):
        if value.get("doctype") and "name" in value and not value.get("_bridge_row"):
            return Document(value)
        return _dict({key: _wrap(item) for key, item in value.items()})
    if isinstance(value, list):
        return [_wrap(item) for item in value]
    return value


class Document(_dict):
    """A document: its fields as attributes, its methods going to the server."""

    def as_dict(self):
        return _dict(self)

    def get(self, key, default=None):
        if isinstance(key, dict):
            return [row for row in dict.get(self, "items", []) if all(row.get(k) == v for k, v in key.items())]
        return dict.get(self, key, default)

    def set(self, key, value):
        self[key] = value

    def append(self, table, row=None):
        row = _dict(row or {})
        self.setdefault(table, []).append(row)
        return row

    def _replace(self, fresh):
        self.clear()
        self.update(fresh)
        return self

    def insert(self, ignore_permissions=False, ignore_mandatory=False, **kwargs):
        return self._replace(_call("doc.insert", doc=dict(self), ignore_permissions=ignore_permissions))

    def save(self, ignore_permissions=False, **kwargs):
        return self._replace(_call("doc.save", doc=dict(self), ignore_permissions=ignore_permissions))

    def submit(self):
        return self._replace(_call("doc.submit", doc=dict(self)))

    def cancel(self):
        return self._replace(_call("doc.cancel", doc=dict(self)))

    def delete(self, ignore_permissions=False):
        _call("doc.delete", doctype=self.doctype, name=self.name, ignore_permissions=ignore_permissions)

    def reload(self):
        return self._replace(_call("get_doc", doctype=self.doctype, name=self.name))

    def db_set(self, fieldname, value=None, update_modified=True, **kwargs):
        values = fieldname if isinstance(fieldname, dict) else {fieldname: value}
        self.update(values)
        _call("db.set_value", doctype=self.doctype, name=self.name, values=values, update_modified=update_modified)

    def add_comment(self, comment_type="Comment", text=None, **kwargs):
        return _call("doc.add_comment", doctype=self.doctype, name=self.name, comment_type=comment_type, text=text)

    def has_permission(self, ptype="read"):
        return _call("has_permission", doctype=self.doctype, name=self.name, ptype=ptype)


def _namespace(**members):
    return _dict(members)


def _bridged(method, *positional):
    """A function calling the host's `method`, positional arguments named as in Frappe."""

    def call(*args, **kwargs):
        for name, value in zip(positional, args):
            kwargs[name] = value
        if len(args) > len(positional):
            raise TypeError(f"{method}() takes at most {len(positional)} positional arguments")
        return _call(method, **kwargs)

    call.__name__ = method.replace(".", "_")
    return call


# --- utils: pure helpers, computed here -------------------------------------------------


def _parse_date(value):
    if value is None or value == "":
        return datetime.date.today()
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def _parse_datetime(value):
    if value is None or value == "":
        return datetime.datetime.now()
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, datetime.date):
        return datetime.datetime(value.year, value.month, value.day)
    return datetime.datetime.fromisoformat(str(value))


def flt(value, precision=None):
    try:
        number = float(value or 0)
    except (TypeError, ValueError):
        number = 0.0
    if math.isnan(number) or math.isinf(number):
        number = 0.0
    return round(number, int(precision)) if precision is not None else number


def cint(value, default=0):
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return default


def cstr(value, encoding="utf-8"):
    return "" if value is None else str(value)


def _add_months(date, months):
    month_index = date.month - 1 + int(months)
    year, month = date.year + month_index // 12, month_index % 12 + 1
    days = [31, 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return date.replace(year=year, month=month, day=min(date.day, days[month - 1]))


def add_to_date(date=None, years=0, months=0, weeks=0, days=0, hours=0, minutes=0, seconds=0, as_string=False, as_datetime=False):
    has_time = isinstance(date, datetime.datetime) or (isinstance(date, str) and len(date) > 10) or hours or minutes or seconds
    value = _parse_datetime(date) if has_time or as_datetime else _parse_date(date)
    value = _add_months(value, int(years) * 12 + int(months))
    value = value + datetime.timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
    if as_string:
        return value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else value.isoformat()
    return value


def fmt_money(amount, precision=2, currency=None):
    text = f"{flt(amount, precision):,.{int(precision)}f}"
    return f"{currency} {text}" if currency else text


def _utils():
    return _namespace(
        flt=flt,
        cint=cint,
        cstr=cstr,
        nowdate=lambda: datetime.date.today().isoformat(),
        today=lambda: datetime.date.today().isoformat(),
        nowtime=lambda: datetime.datetime.now().time().isoformat(timespec="seconds"),
        now=lambda: datetime.datetime.now().isoformat(sep=" "),
        now_datetime=lambda: datetime.datetime.now(),
        getdate=_parse_date,
        get_datetime=_parse_datetime,
        add_days=lambda date, days: add_to_date(date, days=days),
        add_months=lambda date, months: add_to_date(date, months=months),
        add_years=lambda date, years: add_to_date(date, years=years),
        add_to_date=add_to_date,
        date_diff=lambda end, start: (_parse_date(end) - _parse_date(start)).days,
        time_diff_in_seconds=lambda end, start: (_parse_datetime(end) - _parse_datetime(start)).total_seconds(),
        time_diff_in_hours=lambda end, start: round((_parse_datetime(end) - _parse_datetime(start)).total_seconds() / 3600, 6),
        get_first_day=lambda date=None: _parse_date(date).replace(day=1),
        get_last_day=lambda date=None: _add_months(_parse_date(date).replace(day=1), 1) - datetime.timedelta(days=1),
        fmt_money=fmt_money,
        rounded=lambda value, precision=0: round(flt(value), precision),
        money_in_words=_bridged("utils.money_in_words", "number", "main_currency"),
        get_url_to_form=lambda doctype, name: _call("utils.get_url_to_form", doctype=doctype, name=name),
        get_url=lambda uri=None: _call("get_url", uri=uri),
        is_html=lambda text: "<" in cstr(text) and ">" in cstr(text),
        strip_html=lambda text: _call("utils.strip_html", text=text),
        escape_html=lambda text: cstr(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#39;"),
    )


# --- the run ------------------------------------------------------------------------------


class _Run:
    """The state of one script run: messages, printed lines and the response."""

    def __init__(self, request):
        self.messages = []
        self.printed = []
        self.form_dict = _wrap(request.get("form_dict") or {})
        self.response = _dict(request.get("response") or {})
        self.flags = _dict()
        self.request = _wrap(request.get("request") or {})
        self.user = request.get("user") or "Guest"
        self.lang = request.get("lang") or "en"

    def msgprint(self, msg, title=None, indicator=None, alert=False, **kwargs):
        self.messages.append({"message": msg, "title": title, "indicator": indicator, "alert": alert})

    def throw(self, msg, exc=None, title=None, **kwargs):
        # The server turns the exception into Frappe's error body, message included.
        error = (exc or _exception_class("ValidationError"))(msg)
        error.title = title
        raise error

    def print_(self, *values, sep=" ", end="\n", **kwargs):
        self.printed.append(sep.join(str(value) for value in values))


def _db(request):
    db = _namespace(
        get_value=_bridged("db.get_value", "doctype", "filters", "fieldname"),
        get_single_value=_bridged("db.get_single_value", "doctype", "fieldname"),
        get_default=_bridged("db.get_default", "key"),
        set_value=_bridged("db.set_value", "doctype", "name", "fieldname", "value"),
        exists=_bridged("db.exists", "doctype", "name"),
        count=_bridged("db.count", "doctype", "filters"),
        escape=_bridged("db.escape", "value"),
        sql=_bridged("db.sql", "query", "values"),
        get_list=_bridged("get_list", "doctype"),
        get_all=_bridged("get_all", "doctype"),
        commit=_bridged("db.commit"),
        rollback=_bridged("db.rollback"),
    )
    if request.get("kind") == "DocType Event":
        # A document's event runs inside its operation: the operation decides
        # whether its transaction commits, never the script.
        for name in ("commit", "rollback"):
            db.pop(name)
    return db


def _frappe(run, request):
    exceptions = dict(_exception_classes)
    return _namespace(
        form_dict=run.form_dict,
        request=run.request,
        response=run.response,
        flags=run.flags,
        session=_namespace(user=run.user),
        user=run.user,
        lang=run.lang,
        get_doc=_get_doc,
        new_doc=lambda doctype, **kwargs: Document(_call("new_doc", doctype=doctype)),
        get_cached_doc=_get_doc,
        get_last_doc=_bridged("get_last_doc", "doctype", "filters", "order_by"),
        get_list=_bridged("get_list", "doctype"),
        get_all=_bridged("get_all", "doctype"),
        delete_doc=_bridged("delete_doc", "doctype", "name"),
        rename_doc=_bridged("rename_doc", "doctype", "old", "new"),
        has_permission=_bridged("has_permission", "doctype", "ptype", "doc"),
        get_meta=_bridged("get_meta", "doctype"),
        db=_db(request),
        msgprint=run.msgprint,
        throw=run.throw,
        errprint=run.print_,
        log=run.print_,
        log_error=_bridged("log_error", "title", "message"),
        call=_bridged("call", "method"),
        enqueue=_bridged("enqueue", "method"),
        make_get_request=_bridged("make_get_request", "url"),
        make_post_request=_bridged("make_post_request", "url"),
        make_put_request=_bridged("make_put_request", "url"),
        make_patch_request=_bridged("make_patch_request", "url"),
        make_delete_request=_bridged("make_delete_request", "url"),
        get_url=lambda uri=None: _call("get_url", uri=uri),
        get_fullname=_bridged("get_fullname", "user"),
        bold=lambda text: f"<strong>{text}</strong>",
        utils=_utils(),
        as_json=_as_json,
        parse_json=_parse_json,
        **exceptions,
    )


def _get_doc(doctype, name=None, **kwargs):
    if isinstance(doctype, dict):
        return Document(_call("new_doc", doctype=doctype.get("doctype"), values=doctype))
    if name is None and not kwargs:
        return Document(_call("get_doc", doctype=doctype, name=doctype))
    return Document(_call("get_doc", doctype=doctype, name=name if name is not None else kwargs))


def _as_json(value, indent=1):
    return json_module.dumps(value, indent=indent, sort_keys=True, default=_json_default)


def _parse_json(value):
    return _wrap(json_module.loads(value)) if isinstance(value, str) else value


SAFE_BUILTINS = (
    "abs all any ascii bin bool bytes callable chr complex dict divmod enumerate filter float "
    "frozenset hash hex id int isinstance issubclass iter len list map max min next oct ord pow "
    "range repr reversed round set slice sorted str sum tuple zip "
    "ArithmeticError AssertionError AttributeError BaseException EOFError Exception "
    "FloatingPointError IndexError KeyError LookupError NameError NotImplementedError "
    "OverflowError RuntimeError StopIteration SyntaxError TypeError UnicodeError ValueError "
    "ZeroDivisionError True False None"
).split()


def _builtins(run):
    import builtins as host_builtins

    allowed = {name: getattr(host_builtins, name) for name in SAFE_BUILTINS}
    allowed.update(
        print=run.print_,
        getattr=policy.guarded_getattr,
        hasattr=policy.guarded_hasattr,
        setattr=policy.guarded_setattr,
    )
    return allowed


def _globals(run, request):
    frappe = _frappe(run, request)
    scope = {
        "__builtins__": _builtins(run),
        "__name__": "<serverscript>",
        "frappe": frappe,
        "json": _namespace(loads=_parse_json, dumps=lambda value, **kwargs: json_module.dumps(value, default=_json_default, **kwargs)),
        "as_json": _as_json,
        "_dict": _dict,
        "_": lambda text, *args, **kwargs: text,
        "args": run.form_dict,
        "scrub": lambda text: cstr(text).replace(" ", "_").replace("-", "_").lower(),
        "run_script": _bridged("run_script", "script"),
        "dict": dict,
        "math": _namespace(**{name: getattr(math, name) for name in ("ceil", "floor", "sqrt", "pow", "fabs", "log", "exp", "pi", "isclose")}),
        "datetime": _namespace(date=datetime.date, datetime=datetime.datetime, timedelta=datetime.timedelta),
    }
    scope.update(policy.guards())
    for name, value in (request.get("locals") or {}).items():
        # A document event's `doc` is a Document even before it has a name.
        is_doc = name == "doc" and isinstance(value, dict)
        scope[name] = Document({key: _wrap(item) for key, item in value.items()}) if is_doc else _wrap(value)
    return scope


def _plain(value):
    """`value` as JSON-ready data (documents and attribute dicts become plain dicts)."""
    return json_module.loads(json_module.dumps(value, default=_json_default))


def _error_body(error):
    if isinstance(error, FrappeException):
        body = {"exc_type": error.exc_type, "frappe": True, "message": str(error)}
        if getattr(error, "title", None):
            body["title"] = str(error.title)
        return body
    if isinstance(error, MemoryError):
        return {"exc_type": "MemoryError", "frappe": False, "message": "out of memory"}
    lines = traceback.format_exception(type(error), error, error.__traceback__)
    own = [line for line in lines if "<serverscript>" in line or not line.startswith("  File")]
    return {"exc_type": type(error).__name__, "frappe": False, "message": str(error), "traceback": "".join(own)}


def check(source):
    return json_module.dumps(policy.check(source))


def run(request_json):
    """Runs the script of one request; answers JSON with the outcome and the run's state."""
    request = json_module.loads(request_json)
    state = _Run(request)
    scope = None
    try:
        code = policy.compile_restricted(request["script"])
        scope = _globals(state, request)
        exec(code, scope)
        outcome = {"ok": True}
    except BaseException as error:  # the script's own failures all become an answer
        outcome = {"ok": False, "error": _error_body(error)}
    outcome.update(
        messages=_plain(state.messages),
        printed=state.printed,
        flags=_safe_plain(state.flags),
        response=_safe_plain(state.response),
    )
    if scope is not None:
        outcome["locals"] = {name: _safe_plain(scope.get(name)) for name in request.get("return_locals") or []}
    return json_module.dumps(outcome)


def _safe_plain(value):
    try:
        return _plain(value)
    except (TypeError, ValueError):
        return None


def init(bridge, exception_table_json):
    """Called once by the host: the bridge function and Frappe's exception table."""
    global _bridge, _exception_classes
    _bridge = bridge
    _exception_classes = _make_exceptions(json_module.loads(exception_table_json))
