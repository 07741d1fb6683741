# `frappe.utils` for Server Scripts: the date, number and text helpers of
# Frappe's safe_exec list that need nothing from the server, computed here in
# the sandbox. Dates come back as `datetime` objects and strings in Frappe's
# formats (`yyyy-mm-dd`, `yyyy-mm-dd hh:mm:ss`).
import datetime
import html
import math
import re
import secrets

DATE_FORMAT = "%Y-%m-%d"
TIME_FORMAT = "%H:%M:%S.%f"
DATETIME_FORMAT = f"{DATE_FORMAT} {TIME_FORMAT}"

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def getdate(value=None):
    if value is None or value == "":
        return datetime.date.today()
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def get_datetime(value=None):
    if value is None or value == "":
        return datetime.datetime.now()
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, datetime.date):
        return datetime.datetime(value.year, value.month, value.day)
    return datetime.datetime.fromisoformat(str(value))


def get_time(value):
    if isinstance(value, datetime.time):
        return value
    if isinstance(value, datetime.datetime):
        return value.time()
    if isinstance(value, datetime.timedelta):
        return (datetime.datetime.min + value).time()
    return datetime.time.fromisoformat(str(value))


def to_timedelta(value):
    if isinstance(value, datetime.timedelta):
        return value
    if isinstance(value, (int, float)):
        return datetime.timedelta(seconds=value)
    moment = get_time(value)
    return datetime.timedelta(
        hours=moment.hour, minutes=moment.minute, seconds=moment.second, microseconds=moment.microsecond
    )


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


def _days_in_month(year, month):
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]


def _add_months(date, months):
    month_index = date.month - 1 + int(months)
    year, month = date.year + month_index // 12, month_index % 12 + 1
    return date.replace(year=year, month=month, day=min(date.day, _days_in_month(year, month)))


def add_to_date(date=None, years=0, months=0, weeks=0, days=0, hours=0, minutes=0, seconds=0, as_string=False, as_datetime=False):
    has_time = isinstance(date, datetime.datetime) or (isinstance(date, str) and len(date) > 10) or hours or minutes or seconds
    value = get_datetime(date) if has_time or as_datetime else getdate(date)
    value = _add_months(value, int(years) * 12 + int(months))
    value = value + datetime.timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
    if as_string:
        return value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else value.isoformat()
    return value


def add_days(date, days):
    return add_to_date(date, days=days)


def add_months(date, months):
    return add_to_date(date, months=months)


def add_years(date, years):
    return add_to_date(date, years=years)


def date_diff(end, start):
    return (getdate(end) - getdate(start)).days


def month_diff(end, start):
    end, start = getdate(end), getdate(start)
    return (end.year - start.year) * 12 + end.month - start.month + 1


def time_diff(end, start):
    return get_datetime(end) - get_datetime(start)


def time_diff_in_seconds(end, start):
    return time_diff(end, start).total_seconds()


def time_diff_in_hours(end, start):
    return round(time_diff(end, start).total_seconds() / 3600, 6)


def get_first_day(date=None, d_years=0, d_months=0):
    return _add_months(getdate(date).replace(day=1), int(d_years) * 12 + int(d_months))


def get_last_day(date=None):
    return get_first_day(date, 0, 1) - datetime.timedelta(days=1)


def get_quarter_start(date=None, as_str=False):
    date = getdate(date)
    start = datetime.date(date.year, (date.month - 1) // 3 * 3 + 1, 1)
    return start.isoformat() if as_str else start


def get_year_start(date=None, as_str=False):
    start = datetime.date(getdate(date).year, 1, 1)
    return start.isoformat() if as_str else start


def get_first_day_of_week(date=None, as_str=False):
    # Weeks start on Sunday, Frappe's default `first_day_of_the_week`.
    date = getdate(date)
    start = date - datetime.timedelta(days=(date.weekday() + 1) % 7)
    return start.isoformat() if as_str else start


def get_last_day_of_week(date=None):
    return get_first_day_of_week(date) + datetime.timedelta(days=6)


def get_weekday(date=None):
    return WEEKDAYS[get_datetime(date).weekday()]


def nowdate():
    return datetime.date.today().isoformat()


def nowtime():
    return datetime.datetime.now().time().isoformat(timespec="microseconds")


def now():
    return datetime.datetime.now().isoformat(sep=" ", timespec="microseconds")


def get_datetime_str(value):
    return get_datetime(value).isoformat(sep=" ")


def get_date_str(value):
    return getdate(value).isoformat()


def get_time_str(value):
    return get_time(value).isoformat()


def get_timestamp(date=None):
    return get_datetime(date).timestamp()


def fmt_money(amount, precision=2, currency=None, **kwargs):
    text = f"{flt(amount, precision):,.{int(precision)}f}"
    return f"{currency} {text}" if currency else text


def rounded(value, precision=0, rounding_method=None):
    # Banker's rounding, Frappe's default method.
    return round(flt(value), int(precision))


def floor(value):
    return math.floor(flt(value))


def ceil(value):
    return math.ceil(flt(value))


def remainder(numerator, denominator, precision=2):
    return flt(math.fmod(flt(numerator), flt(denominator)), precision) if flt(denominator) else 0.0


def safe_div(numerator, denominator, precision=2):
    return flt(flt(numerator) / flt(denominator), precision) if flt(denominator) else 0.0


def has_common(first, second):
    return bool(set(first or []) & set(second or []))


def is_subset(part, whole):
    return set(part or []).issubset(set(whole or []))


def unique(items):
    return list(dict.fromkeys(items))


def strip(value, chars=None):
    return cstr(value).strip(chars)


def _join(items, last):
    items = [cstr(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def comma_or(items, add_quotes=True):
    return _join([f"'{item}'" if add_quotes else item for item in items], "or")


def comma_and(items, add_quotes=True):
    return _join([f"'{item}'" if add_quotes else item for item in items], "and")


def comma_sep(items, pattern, add_quotes=True):
    return pattern.replace("{0}", ", ".join(f"'{item}'" if add_quotes else cstr(item) for item in items))


def new_line_sep(items):
    return "\n".join(cstr(item) for item in items or [])


def is_html(text):
    return bool(re.search(r"<[a-zA-Z/][^>]*>", cstr(text)))


def strip_html(text):
    return re.sub(r"<[^>]*>", "", cstr(text))


def escape_html(text):
    return html.escape(cstr(text), quote=True)


def generate_hash(txt=None, length=56):
    return secrets.token_hex(-(-length // 2))[:length]


# The names scripts reach as `frappe.utils.<name>`.
NAMES = (
    "DATE_FORMAT TIME_FORMAT DATETIME_FORMAT getdate get_datetime get_time to_timedelta flt cint cstr "
    "add_to_date add_days add_months add_years date_diff month_diff time_diff time_diff_in_seconds "
    "time_diff_in_hours get_first_day get_last_day get_quarter_start get_year_start "
    "get_first_day_of_week get_last_day_of_week get_weekday nowdate nowtime now get_datetime_str "
    "get_date_str get_time_str get_timestamp fmt_money rounded floor ceil remainder safe_div has_common "
    "is_subset unique strip comma_or comma_and comma_sep new_line_sep is_html strip_html escape_html "
    "generate_hash"
).split()


def members():
    """The helpers by name, plus `today`, `now_datetime` and `get_timedelta` (Frappe's aliases)."""
    found = {name: globals()[name] for name in NAMES}
    found.update(today=nowdate, now_datetime=datetime.datetime.now, get_timedelta=to_timedelta)
    return found
