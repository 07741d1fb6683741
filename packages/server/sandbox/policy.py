# The script policy of Cortado's Python sandbox: the same guards as Frappe's
# safe_exec (RestrictedPython plus Frappe's attribute rules), written for
# Python's own `ast` module. A script is checked before it runs and the
# compiled code routes every attribute read, attribute write and subscript
# through a guard, so a name built at run time meets the same rules as one
# written in the source.
import ast
import types

# Attributes Frappe refuses whatever their object: generator, coroutine,
# traceback and frame internals, and the string formatters that can reach them.
UNSAFE_ATTRIBUTES = frozenset(
    {
        "gi_frame", "gi_code", "gi_yieldfrom",
        "cr_frame", "cr_code", "cr_origin", "cr_await",
        "ag_code", "ag_frame",
        "tb_frame", "tb_next",
        "format", "format_map",
        "f_back", "f_builtins", "f_code", "f_globals", "f_locals", "f_trace",
    }
)

# Bare names a script may use although they begin with "_": the translation
# function and Frappe's attribute dict, both offered as globals.
ALLOWED_UNDERSCORE_NAMES = frozenset({"_", "_dict"})

# Objects whose attributes a script may not read: they lead to interpreter state.
OPAQUE_TYPES = (types.ModuleType, types.CodeType, types.TracebackType, types.FrameType)

# Objects a script may not assign attributes on.
READ_ONLY_TYPES = OPAQUE_TYPES + (
    type,
    types.FunctionType,
    types.MethodType,
    types.BuiltinFunctionType,
)

# Constructs with no place in a server script (RestrictedPython refuses them too).
FORBIDDEN_NODES = {
    ast.Import: '"import" statements are not allowed.',
    ast.ImportFrom: '"import" statements are not allowed.',
    ast.AsyncFunctionDef: "async functions are not allowed.",
    ast.AsyncFor: "async statements are not allowed.",
    ast.AsyncWith: "async statements are not allowed.",
    ast.Await: "await is not allowed.",
    ast.ClassDef: "class definitions are not allowed.",
    ast.Global: "global statements are not allowed.",
    ast.Nonlocal: "nonlocal statements are not allowed.",
}


def name_error(name):
    return f'"{name}" is an invalid variable name because it starts with "_"'


def attribute_error(name):
    return f'"{name}" is an invalid attribute name because it starts with "_"'


class PolicyChecker(ast.NodeVisitor):
    """Collects every violation of the policy, each as "Line N: message"."""

    def __init__(self):
        self.errors = []

    def refuse(self, node, message):
        self.errors.append(f"Line {getattr(node, 'lineno', 1)}: {message}")

    def check_name(self, node, name):
        if name and name.startswith("_") and name not in ALLOWED_UNDERSCORE_NAMES:
            self.refuse(node, name_error(name))

    def check_attribute(self, node, name):
        if name.startswith("_"):
            self.refuse(node, attribute_error(name))
        elif name in UNSAFE_ATTRIBUTES:
            self.refuse(node, f'"{name}" is an unsafe attribute')

    def generic_visit(self, node):
        message = FORBIDDEN_NODES.get(type(node))
        if message is not None:
            self.refuse(node, message)
        super().generic_visit(node)

    def visit_Name(self, node):
        self.check_name(node, node.id)
        self.generic_visit(node)

    def visit_Attribute(self, node):
        self.check_attribute(node, node.attr)
        self.generic_visit(node)

    def visit_Subscript(self, node):
        key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value.startswith("_"):
            self.refuse(node, f'"{key.value}" is an invalid key because it starts with "_"')
        self.generic_visit(node)

    def visit_FunctionDef(self, node):
        self.check_name(node, node.name)
        self.generic_visit(node)

    def visit_Lambda(self, node):
        self.generic_visit(node)

    def visit_arg(self, node):
        self.check_name(node, node.arg)
        self.generic_visit(node)

    def visit_keyword(self, node):
        if node.arg is not None:
            self.check_name(node, node.arg)
        self.generic_visit(node)

    def visit_ExceptHandler(self, node):
        self.check_name(node, node.name)
        self.generic_visit(node)

    def visit_alias(self, node):
        self.check_name(node, node.asname or node.name)

    def visit_MatchAs(self, node):
        self.check_name(node, node.name)
        self.generic_visit(node)

    def visit_MatchStar(self, node):
        self.check_name(node, node.name)
        self.generic_visit(node)

    def visit_MatchMapping(self, node):
        self.check_name(node, node.rest)
        self.generic_visit(node)

    def visit_MatchClass(self, node):
        for name in node.kwd_attrs:
            self.check_attribute(node, name)
        self.generic_visit(node)


class GuardInserter(ast.NodeTransformer):
    """Routes attribute reads/writes and subscripts through the run-time guards."""

    def visit_Attribute(self, node):
        self.generic_visit(node)
        if isinstance(node.ctx, ast.Load):
            call = ast.Call(
                func=ast.Name(id="_getattr_", ctx=ast.Load()),
                args=[node.value, ast.Constant(value=node.attr)],
                keywords=[],
            )
            return ast.copy_location(call, node)
        guarded = ast.Call(func=ast.Name(id="_write_", ctx=ast.Load()), args=[node.value], keywords=[])
        node.value = ast.copy_location(guarded, node.value)
        return node

    def visit_Subscript(self, node):
        self.generic_visit(node)
        if isinstance(node.ctx, ast.Load):
            call = ast.Call(
                func=ast.Name(id="_getitem_", ctx=ast.Load()),
                args=[node.value, node.slice],
                keywords=[],
            )
            return ast.copy_location(call, node)
        node.slice = ast.copy_location(
            ast.Call(func=ast.Name(id="_key_", ctx=ast.Load()), args=[node.slice], keywords=[]),
            node.slice,
        )
        return node


def check(source):
    """The policy violations of `source` (a syntax error counts as one); empty when it may run."""
    try:
        tree = ast.parse(source, filename="<serverscript>", mode="exec")
    except SyntaxError as error:
        return [f"Line {error.lineno}: {error.msg}"]
    checker = PolicyChecker()
    checker.visit(tree)
    return checker.errors


# Compiled scripts by source: a warm worker checks and compiles a script once.
_compiled = {}
COMPILED_KEPT = 256


def compile_restricted(source):
    """Code for `source` with the guards in place; raises SyntaxError listing every violation."""
    code = _compiled.get(source)
    if code is None:
        code = _compile_restricted(source)
        if len(_compiled) >= COMPILED_KEPT:
            _compiled.clear()
        _compiled[source] = code
    return code


def _compile_restricted(source):
    errors = check(source)
    if errors:
        raise SyntaxError("\n".join(errors))
    tree = GuardInserter().visit(ast.parse(source, filename="<serverscript>", mode="exec"))
    ast.fix_missing_locations(tree)
    return compile(tree, "<serverscript>", "exec")


def guarded_getattr(obj, name, *default):
    if not isinstance(name, str):
        raise TypeError("attribute name must be a string")
    if name in UNSAFE_ATTRIBUTES:
        raise SyntaxError(f"{name} is an unsafe attribute")
    if isinstance(obj, OPAQUE_TYPES):
        raise SyntaxError("Reading module, code, frame or traceback attributes is not allowed")
    if name.startswith("_"):
        raise AttributeError(attribute_error(name))
    return getattr(obj, name, *default)


def guarded_hasattr(obj, name):
    try:
        guarded_getattr(obj, name)
    except Exception:
        return False
    return True


def guarded_write(obj):
    if isinstance(obj, READ_ONLY_TYPES):
        raise SyntaxError("Not allowed to write to object")
    return obj


def guarded_setattr(obj, name, value):
    if not isinstance(name, str) or name.startswith("_") or name in UNSAFE_ATTRIBUTES:
        raise AttributeError(attribute_error(str(name)))
    setattr(guarded_write(obj), name, value)


def guarded_key(key):
    if isinstance(key, str) and key.startswith("_"):
        raise SyntaxError("Key starts with _")
    return key


def guarded_getitem(obj, key):
    return obj[guarded_key(key)]


def guards():
    """The hidden globals the guarded code calls."""
    return {
        "_getattr_": guarded_getattr,
        "_write_": guarded_write,
        "_getitem_": guarded_getitem,
        "_key_": guarded_key,
    }
