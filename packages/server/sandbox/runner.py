# Runs one Server Script inside the sandbox. The host (the Cortado server)
# sends a request as JSON; every `frappe.*` call that needs the server goes
# back to it over the same JSON bridge and waits for the answer, so the script
# runs in the caller's transaction as the caller's user. Scripts only ever see
# plain Python objects: dicts, lists, strings, numbers and the small classes
# below, never an object of the JavaScript host.
import base64
import builtins
import datetime
import json as json_module
import math
import traceback

import frappe_utils
import policy

_bridge = None
_exception_classes = {}
# Exceptions the server reports that are not Frappe's (`HTTPError`), by name.
_other_exceptions = {}
# The site's base URL, for `get_url` and the `get_url_to_*` helpers (set per run).
_site_url = ""


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
        _raise(answer["error"])
    return _wrap(answer.get("value"))


def _raise(error):
    """Raises the exception the server reported: a Frappe class, Python's own, or one made for its name."""
    name = str(error.get("exc_type") or "Exception")
    message = error.get("message", "")
    if name in _exception_classes:
        raise _exception_classes[name](message)
    known = getattr(builtins, name, None)
    if not (isinstance(known, type) and issubclass(known, Exception)):
        known = _other_exceptions.get(name)
        if known is None:
            known = _other_exceptions[name] = type(name, (Exception,), {})
    raise known(message)


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


# --- the run ------------------------------------------------------------------------------

# How deep scripts may call scripts (`frappe.call`, `run_script`) within one run.
MAX_NESTED_SCRIPTS = 8


class _Run:
    """The state of one script run: messages, printed lines, the response and its flags.

    A script another script calls gets its own `form_dict` and `flags` but
    shares the caller's messages and `frappe.response`, as in Frappe.
    """

    def __init__(self, request, parent=None):
        self.request_state = request
        self.kind = request.get("kind")
        self.form_dict = _wrap(request.get("form_dict") or {})
        self.flags = _dict()
        self.user = request.get("user") or "Guest"
        self.lang = request.get("lang") or "en"
        if parent is None:
            self.depth = 0
            self.messages = []
            self.printed = []
            self.response = _dict(request.get("response") or {})
            self.request = _wrap(request.get("request") or {})
        else:
            self.depth = parent.depth + 1
            self.messages = parent.messages
            self.printed = parent.printed
            self.response = parent.response
            self.request = parent.request

    def msgprint(self, msg, title=None, indicator=None, alert=False, **kwargs):
        self.messages.append({"message": msg, "title": title, "indicator": indicator, "alert": alert})

    def throw(self, msg, exc=None, title=None, **kwargs):
        # The server turns the exception into Frappe's error body, message included.
        error = (exc or _exception_class("ValidationError"))(msg)
        error.title = title
        raise error

    def print_(self, *values, sep=" ", end="\n", **kwargs):
        self.printed.append(sep.join(str(value) for value in values))

    def call(self, method, **kwargs):
        """`frappe.call`: a whitelisted method's value, or an API script run here (its flags, or None)."""
        answer = _call_raw("call", method=method, **kwargs)
        if "script" not in answer:
            return _wrap(answer.get("value"))
        return self.nested(answer["script"], kwargs) or None

    def run_script(self, script, **kwargs):
        """`run_script`: the API script named `script`, run here; answers its flags."""
        return self.nested(_call_raw("run_script", script=script)["script"], kwargs)

    def enqueue(self, method, **kwargs):
        """`frappe.enqueue`: a job calling a whitelisted method or an API script; `now=True` calls it here."""
        if kwargs.get("now"):
            return self.call(method, **{key: value for key, value in kwargs.items() if key not in _JOB_OPTIONS})
        return _call("enqueue", method=method, **kwargs)

    def nested(self, source, kwargs):
        """Runs another script's `source` here, with the caller's form_dict updated by `kwargs`."""
        if self.depth >= MAX_NESTED_SCRIPTS:
            raise _exception_class("ValidationError")(f"Server Scripts may call each other at most {MAX_NESTED_SCRIPTS} deep")
        form_dict = dict(self.form_dict)
        form_dict.update(kwargs)
        request = dict(self.request_state, kind="API", form_dict=form_dict, locals=None)
        child = _Run(request, parent=self)
        _execute(source, child, request)
        return child.flags


# `frappe.enqueue` arguments that shape the job rather than reach the method.
_JOB_OPTIONS = frozenset(
    "queue timeout job_name job_id deduplicate enqueue_after_commit at_front now is_async on_success on_failure".split()
)


def _call_raw(bridge_method, /, **kwargs):
    """A bridge round trip answering the raw answer: `{value}`, or `{script}` to run here."""
    request = {"method": bridge_method, "args": kwargs}
    answer = json_module.loads(_bridge(json_module.dumps(request, default=_json_default)))
    if "error" in answer:
        _raise(answer["error"])
    return answer


# Static parts of the globals, built once per worker by `init`; each run gets
# shallow copies, so nothing one script changes reaches the next.
_STATIC = {}


def _static_db():
    return {
        "get_value": _bridged("db.get_value", "doctype", "filters", "fieldname"),
        "get_single_value": _bridged("db.get_single_value", "doctype", "fieldname"),
        "get_default": _bridged("db.get_default", "key"),
        "set_value": _bridged("db.set_value", "doctype", "name", "fieldname", "value"),
        "exists": _bridged("db.exists", "doctype", "name"),
        "count": _bridged("db.count", "doctype", "filters"),
        "escape": _bridged("db.escape", "value"),
        "sql": _bridged("db.sql", "query", "values"),
        "get_list": _bridged("get_list", "doctype"),
        "get_all": _bridged("get_all", "doctype"),
        "commit": _bridged("db.commit"),
        "rollback": _bridged("db.rollback"),
    }


def _static_frappe():
    return {
        "get_doc": _get_doc,
        "new_doc": lambda doctype, **kwargs: Document(_call("new_doc", doctype=doctype)),
        "get_cached_doc": _get_doc,
        "get_last_doc": _bridged("get_last_doc", "doctype", "filters", "order_by"),
        "get_list": _bridged("get_list", "doctype"),
        "get_all": _bridged("get_all", "doctype"),
        "delete_doc": _bridged("delete_doc", "doctype", "name"),
        "rename_doc": _bridged("rename_doc", "doctype", "old", "new"),
        "has_permission": _bridged("has_permission", "doctype", "ptype", "doc"),
        "get_meta": lambda doctype, cached=True: Meta(_call("get_meta", doctype=doctype)),
        "log_error": _bridged("log_error", "title", "message"),
        "make_get_request": _bridged("make_request.GET", "url"),
        "make_post_request": _bridged("make_request.POST", "url"),
        "make_put_request": _bridged("make_request.PUT", "url"),
        "make_patch_request": _bridged("make_request.PATCH", "url"),
        "make_delete_request": _bridged("make_request.DELETE", "url"),
        "get_url": _get_url,
        "get_fullname": _bridged("get_fullname", "user"),
        "bold": lambda text: f"<strong>{text}</strong>",
        "as_json": _as_json,
        "parse_json": _parse_json,
    }


def _static_utils():
    members = frappe_utils.members()
    members.update(
        get_url=_get_url,
        get_url_to_form=lambda doctype, name: _get_url(f"/app/{_slug(doctype)}/{name}"),
        get_url_to_list=lambda doctype: _get_url(f"/app/{_slug(doctype)}"),
        get_link_to_form=lambda doctype, name, label=None: f'<a href="{_get_url("/app/" + _slug(doctype) + "/" + str(name))}">{label or name}</a>',
        money_in_words=_bridged("utils.money_in_words", "number", "main_currency"),
    )
    return members


def _static_globals():
    return {
        "json": _namespace(loads=_parse_json, dumps=lambda value, **kwargs: json_module.dumps(value, default=_json_default, **kwargs)),
        "as_json": _as_json,
        "_dict": _dict,
        "_": lambda text, *args, **kwargs: text,
        "scrub": lambda text: frappe_utils.cstr(text).replace(" ", "_").replace("-", "_").lower(),
        "dict": dict,
        "math": _namespace(**{name: getattr(math, name) for name in ("ceil", "floor", "sqrt", "pow", "fabs", "log", "exp", "pi", "isclose")}),
        "datetime": _namespace(date=datetime.date, datetime=datetime.datetime, timedelta=datetime.timedelta),
    }


def _slug(doctype):
    return frappe_utils.cstr(doctype).lower().replace(" ", "-")


def _get_url(uri=None, full_address=False):
    base = _site_url
    if not uri:
        return base
    return uri if "://" in str(uri) else base + ("" if str(uri).startswith("/") else "/") + str(uri)


class Meta(_dict):
    """`frappe.get_meta`: the DocType's properties as attributes, its fields as `_dict`s."""

    def get_field(self, fieldname):
        return next((field for field in self.get("fields") or [] if field.get("fieldname") == fieldname), None)

    def has_field(self, fieldname):
        return self.get_field(fieldname) is not None

    def get_fieldnames_with_value(self):
        return [field.fieldname for field in self.get("fields") or [] if field.get("fieldtype") not in _NO_VALUE_TYPES]

    def get_valid_columns(self):
        return ["name", "owner", "creation", "modified", "modified_by", "docstatus", "idx"] + self.get_fieldnames_with_value()

    def get_table_fields(self):
        return [field for field in self.get("fields") or [] if field.get("fieldtype") in ("Table", "Table MultiSelect")]

    def get_link_fields(self):
        return [field for field in self.get("fields") or [] if field.get("fieldtype") == "Link"]

    def get_label(self, fieldname):
        field = self.get_field(fieldname)
        return field.get("label") if field else fieldname


_NO_VALUE_TYPES = frozenset(
    {"Section Break", "Column Break", "Tab Break", "HTML", "Table", "Table MultiSelect", "Button", "Image", "Fold", "Heading"}
)


def _frappe(run):
    frappe = _dict(_STATIC["frappe"])
    frappe.update(
        form_dict=run.form_dict,
        request=run.request,
        response=run.response,
        flags=run.flags,
        session=_namespace(user=run.user),
        user=run.user,
        lang=run.lang,
        db=_db(run),
        utils=_dict(_STATIC["utils"]),
        msgprint=run.msgprint,
        throw=run.throw,
        errprint=run.print_,
        log=run.print_,
        call=run.call,
        enqueue=run.enqueue,
    )
    return frappe


def _db(run):
    db = _dict(_STATIC["db"])
    if run.kind == "DocType Event":
        # A document's event runs inside its operation: the operation decides
        # whether its transaction commits, never the script.
        db.pop("commit")
        db.pop("rollback")
    return db


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


def _static_builtins():
    import builtins as host_builtins

    allowed = {name: getattr(host_builtins, name) for name in SAFE_BUILTINS}
    allowed.update(
        getattr=policy.guarded_getattr,
        hasattr=policy.guarded_hasattr,
        setattr=policy.guarded_setattr,
    )
    return allowed


def _globals(run, request):
    builtins = dict(_STATIC["builtins"])
    builtins["print"] = run.print_
    scope = dict(_STATIC["globals"])
    scope.update(
        __builtins__=builtins,
        __name__="<serverscript>",
        frappe=_frappe(run),
        args=run.form_dict,
        run_script=run.run_script,
        json=_dict(_STATIC["globals"]["json"]),
        math=_dict(_STATIC["globals"]["math"]),
        datetime=_dict(_STATIC["globals"]["datetime"]),
    )
    scope.update(policy.guards())
    for name, value in (request.get("locals") or {}).items():
        # A document event's `doc` is a Document even before it has a name.
        is_doc = name == "doc" and isinstance(value, dict)
        scope[name] = Document({key: _wrap(item) for key, item in value.items()}) if is_doc else _wrap(value)
    return scope


def _execute(source, run, request):
    """Checks, compiles and runs `source` for `run`; answers the script's globals."""
    code = policy.compile_restricted(source)
    scope = _globals(run, request)
    exec(code, scope)
    return scope


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


def check(source_json):
    return json_module.dumps(policy.check(json_module.loads(source_json)))


def run(request_json):
    """Runs the script of one request; answers JSON with the outcome and the run's state."""
    global _site_url
    request = json_module.loads(request_json)
    _site_url = str(request.get("site_url") or "")
    state = _Run(request)
    scope = None
    try:
        scope = _execute(request["script"], state, request)
        outcome = {"ok": True}
    except BaseException as error:  # the script's own failures all become an answer
        outcome = {"ok": False, "error": _error_body(error)}
    _binary_file_content(state.response, outcome)
    outcome.update(messages=state.messages, printed=state.printed, flags=state.flags, response=state.response)
    if scope is not None:
        outcome["locals"] = {name: scope.get(name) for name in request.get("return_locals") or []}
    try:
        return json_module.dumps(outcome, default=_json_default)
    except (TypeError, ValueError):
        # Something the script left cannot be sent; each part is sent alone, None if it fails.
        for key in ("messages", "flags", "response", "locals"):
            if key in outcome:
                outcome[key] = _safe_plain(outcome[key])
        return json_module.dumps(outcome, default=_json_default)


def _binary_file_content(response, outcome):
    """A download's bytes cross the bridge as base64, marked in the outcome."""
    content = response.get("filecontent")
    if isinstance(content, (bytes, bytearray)):
        response["filecontent"] = base64.b64encode(bytes(content)).decode("ascii")
        outcome["filecontent_base64"] = True


def _safe_plain(value):
    try:
        return json_module.loads(json_module.dumps(value, default=_json_default))
    except (TypeError, ValueError):
        return None


def init(bridge, exception_table_json):
    """Called once by the host: the bridge function and Frappe's exception table."""
    global _bridge, _exception_classes
    _bridge = bridge
    _exception_classes = _make_exceptions(json_module.loads(exception_table_json))
    frappe = _static_frappe()
    frappe.update(_exception_classes)
    _STATIC.update(
        frappe=frappe,
        db=_static_db(),
        utils=_static_utils(),
        globals=_static_globals(),
        builtins=_static_builtins(),
    )
