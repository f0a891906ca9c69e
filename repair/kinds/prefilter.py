"""Exact prefilters for rule patterns: what a pattern needs of a text before it can match.

A rule's pattern (the `regex` module's syntax) is read once, when the pack is built, into a
small tree. Two facts are derived from it, both necessary conditions of a match and nothing
more, so a prefilter can skip work but never a finding:

- literals: strings one of which every match contains (`Analysis.required`), which a
  pack-wide scan finds for many rules at once;
- a gate: a stdlib `re` pattern that matches inside every match of the rule's pattern (it
  drops assertions, widens classes and keeps only a run of the pattern), so a document
  without a gate match cannot hold a finding and is skipped. `re` finds such plain patterns
  several times faster than `regex`, and the gate is built to run in linear time (loops only
  where they cannot backtrack), so unlike the rule's own pattern it needs no time limit.

The exact pattern, with its time limit, still decides every match. Anything the analysis
does not model exactly (inline flags, recursion, fuzzy matching, \\K, \\G, nested sets, …)
means no prefilter: the rule runs on every document, as it would without this module.

Packs are built once and cached as pickles, so a normal run only unpickles `Analysis` values
and calls `may_match`; the patterns the parser needs are compiled on first use, not on import.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, NamedTuple

from repair.document import Document
from repair.kinds import lowercase


@cache
def _compiled(source: str) -> re.Pattern[str]:
    """One of this module's own patterns, compiled when first needed."""
    return re.compile(source)


class _Unmodelled(Exception):
    """A construct the analysis does not model: the rule runs without a prefilter."""


#: `regex`'s \s (the White_Space property) as a `re` class body, for negated classes
_WS = "\\t-\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
#: what `re`'s \s matches (str.isspace): all of `regex`'s \s and \x1c-\x1f
_SPACES = frozenset("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000") | frozenset(
    map(chr, range(0x2000, 0x200B))
)
#: `re` classes holding every character a category of `regex` matches: all of non-ASCII (so
#: that a newer Unicode in `regex` loses nothing) and the category's ASCII members (the same in
#: every Unicode version); written as complements, which `re` compiles in microseconds
_DIGIT = "[^\\x00-/:-\\x7f]"
_PROPERTY = {"L": "[^\\x00-@\\[-`{-\\x7f]", "Ll": "[^\\x00-`{-\\x7f]", "Lu": "[^\\x00-@\\[-\\x7f]", "N": _DIGIT, "Nd": _DIGIT}
_PROPERTY.update(dict.fromkeys(("Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "Nl", "No"), "[^\\x00-\\x7f]"))
_CATEGORY = {"s": "\\s", "S": "[^\\t-\\r ]", "d": _DIGIT, "w": "[^\\x00-/:-@\\[-^`{-\\x7f]", "D": "", "W": ""}
_ANY = "[\\s\\S]"
#: ASCII letters that no other character's case folding produces (not s ← ſ ß, f ← ﬁ, …):
#: under ignore-case, such a letter matches exactly itself in either case
_FOLD_SAFE = frozenset("bcdegkmopqruvxz")
#: characters whose full case folding is several characters or reaches ASCII (ß, ﬁ, ſ, K…):
#: where none occurs, ignore-case matching of ASCII is lowercase comparison, char for char
_FOLD_UNSAFE = (
    "[\u00df\u0130\u0149\u017f\u01f0\u0390\u03b0\u0587\u1e96-\u1e9a\u1e9e\u1f50\u1f52\u1f54\u1f56"
    "\u1f80-\u1faf\u1fb2-\u1fb4\u1fb6\u1fb7\u1fbc\u1fc2-\u1fc4\u1fc6\u1fc7\u1fcc\u1fd2\u1fd3\u1fd6"
    "\u1fd7\u1fe2-\u1fe4\u1fe6\u1fe7\u1ff2-\u1ff4\u1ff6\u1ff7\u1ffc\u212a\ufb00-\ufb06\ufb13-\ufb17]"
)
_WORD_BEFORE, _WORD_AFTER = "(?<![0-9A-Za-z_])", "(?![0-9A-Za-z_])"
_ASCII_WORD = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
#: the parser's own syntax (see `_compiled`)
_QUANTIFIER = r"\*|\+|\?|\{(\d*)(?:(,)(\d*))?\}"
_NAMED, _NAME_REF, _PLAIN_GROUP = r"P?<([A-Za-z_]\w*)>", r"P=(\w+)\)", r"[sm]*:|>"
_GROUP_REF, _PROPERTY_NAME = r"<(\w+)>", r"\{(\^?)(\w+)\}|([A-Z])"
_MAX_EXACT = 64  # strings an exact set may hold before it is given up
_MAX_PATHS = 4096  # ways a gate may try at one position: its work per character is bounded


class _Char(NamedTuple):
    """One character: a literal (`chars` of one), or a class, with its `re` superset."""

    source: str
    chars: frozenset[str] | None  # every character it matches, when few and known
    space: bool = False  # matches whitespace only (as str.isspace tells)
    plain: bool = False  # a literal whose `chars` hold in any text (under ignore-case they are
    # lowercase and hold only where lowercasing is simple, unless the letter is fold-safe)


class _Assert(NamedTuple):
    boundary: bool = False  # \b; every other assertion is simply dropped


class _Opaque(NamedTuple):
    """Matches something non-empty the analysis cannot describe (a non-ASCII literal under
    ignore-case may match two characters: ß and "ss")."""


class _Seq(NamedTuple):
    items: tuple[Any, ...]


class _Alt(NamedTuple):
    branches: tuple[Any, ...]


class _Repeat(NamedTuple):
    item: Any
    low: int
    high: int | None


class _Group(NamedTuple):
    item: Any
    index: int | None  # capturing group number


class _Ref(NamedTuple):
    index: int


class _Parser:
    """The `regex` (V1) syntax the shipped packs use, read into the node types above."""

    def __init__(self, pattern: str, ignore_case: bool) -> None:
        self.text, self.pos, self.fold = pattern, 0, ignore_case
        self.groups: dict[int, Any] = {}
        self.names: dict[str, int] = {}
        self.count = 0

    def parse(self) -> Any:
        node = self._alt()
        if self.pos != len(self.text):
            raise _Unmodelled
        return node

    def _match(self, syntax: str) -> re.Match[str] | None:
        return _compiled(syntax).match(self.text, self.pos)

    def _peek(self, ahead: int = 0) -> str:
        at = self.pos + ahead
        return self.text[at] if at < len(self.text) else ""

    def _take(self, prefix: str) -> bool:
        if self.text.startswith(prefix, self.pos):
            self.pos += len(prefix)
            return True
        return False

    def _alt(self) -> Any:
        branches = [self._seq()]
        while self._take("|"):
            branches.append(self._seq())
        return branches[0] if len(branches) == 1 else _Alt(tuple(branches))

    def _seq(self) -> _Seq:
        items = []
        while self._peek() not in ("", "|", ")"):
            items.append(self._quantified(self._atom()))
        return _Seq(tuple(items))

    def _quantified(self, atom: Any) -> Any:
        found = self._match(_QUANTIFIER)
        if found is None:
            if self._peek() == "{":
                raise _Unmodelled  # a literal brace or fuzzy matching
            return atom
        if isinstance(atom, _Assert) or found.group() == "{}":
            raise _Unmodelled
        self.pos = found.end()
        symbol = found.group()
        if symbol in "*+?":
            low, high = {"*": (0, None), "+": (1, None), "?": (0, 1)}[symbol]
        else:
            low = int(found.group(1) or 0)
            high = None if found.group(2) and not found.group(3) else int(found.group(3) or found.group(1) or 0)
        self._take("?") or self._take("+")  # lazy or possessive: the same strings, tried otherwise
        if self._peek() in ("*", "+", "?", "{"):
            raise _Unmodelled
        return _Repeat(atom, low, high)

    def _atom(self) -> Any:
        char = self.text[self.pos]
        self.pos += 1
        if char == "(":
            return self._group()
        if char == "[":
            return self._class()
        if char == ".":
            return _Char(_ANY, None)
        if char in "^$":
            return _Assert()
        if char == "\\":
            return self._escape()
        if char in "*+?{":
            raise _Unmodelled
        return self._literal(char)

    def _literal(self, char: str) -> Any:
        if not self.fold or (char.isascii() and not char.isalpha()):
            return _Char(re.escape(char), frozenset(char), char in _SPACES, True)
        if not char.isascii():
            return _Opaque()  # under full case folding it may stand for two characters, or half of one
        lower = char.lower()
        return _Char(lower, frozenset(lower), False, lower in _FOLD_SAFE)

    def _group(self) -> Any:
        index = None
        if self._take("?"):
            if any(self._take(look) for look in ("=", "!", "<=", "<!")):
                self._alt()
                if not self._take(")"):
                    raise _Unmodelled
                return _Assert()
            named, reference, plain = map(self._match, (_NAMED, _NAME_REF, _PLAIN_GROUP))
            if reference:
                self.pos = reference.end()
                return self._ref(self.names.get(reference.group(1), 0))
            if named:
                self.pos = named.end()
                if named.group(1) in self.names:
                    raise _Unmodelled  # one name for several groups
                index = self.names[named.group(1)] = self._number()
            elif plain:  # non-capturing, atomic, or with the s/m flags (which change no literal)
                self.pos = plain.end()
            else:
                raise _Unmodelled  # other flags, comments, conditionals, recursion, branch reset
        else:
            index = self._number()
        inner = self._alt()
        if not self._take(")"):
            raise _Unmodelled
        group = _Group(inner, index)
        if index is not None:
            self.groups[index] = group
        return group

    def _ref(self, index: int) -> _Ref:
        if index not in self.groups:
            raise _Unmodelled  # to a group not closed yet (or inside itself)
        return _Ref(index)

    def _number(self) -> int:
        self.count += 1
        return self.count

    def _escape(self) -> Any:
        char = self._peek()
        self.pos += 1
        if char == "b":
            return _Assert(boundary=True)
        if char in "BAZzmM":
            return _Assert()
        if char in "123456789":
            if self._peek().isdigit():
                raise _Unmodelled
            return self._ref(int(char))
        if char == "g":
            found = self._match(_GROUP_REF)
            if found is None:
                raise _Unmodelled
            self.pos = found.end()
            key = found.group(1)
            return self._ref(int(key) if key.isdigit() else self.names.get(key, 0))
        category = self._category(char)
        if category is not None:
            return _Char(category or _ANY, None, category == "\\s")
        return self._literal(self._code(char))

    def _category(self, char: str) -> str | None:
        """The `re` class for \\d \\s \\w \\p{…} and their negations ("" for one too wide to
        describe), or None when the escape is no category."""
        if char in _CATEGORY:
            return _CATEGORY[char]
        if char in "pP":
            found = self._match(_PROPERTY_NAME)
            if found is None:
                raise _Unmodelled
            self.pos = found.end()
            name = found.group(2) or found.group(3)
            if char == "P" or found.group(1) or name not in _PROPERTY:
                return ""
            return _PROPERTY["L" if self.fold and name.startswith("L") else name]  # \p{Ll} ignoring case: any letter
        return None

    def _code(self, char: str) -> str:
        """The character a non-category escape stands for."""
        simple = {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
        if char in simple:
            return simple[char]
        for letter, digits in (("x", 2), ("u", 4), ("U", 8)):
            if char == letter:
                code = self.text[self.pos:self.pos + digits]
                if len(code) != digits or not all(c in "0123456789abcdefABCDEF" for c in code):
                    raise _Unmodelled
                self.pos += digits
                return chr(int(code, 16))
        if char.isalnum() or not char:
            raise _Unmodelled
        return char

    def _next(self) -> str:
        char = self._peek()
        if not char:
            raise _Unmodelled
        self.pos += 1
        return char

    def _class(self) -> _Char:
        """A bracketed class, as a `re` class where its items allow, else any one character."""
        negated = self._take("^")
        if self._peek() == "]":
            raise _Unmodelled
        body: list[str] = []  # the literal items, as a `re` class body
        categories: list[str] = []
        chars: set[str] | None = set()
        space = True
        while not self._take("]"):
            low = self._next()
            if low == "[" or (low in "-&|~" and self._peek() == low):
                raise _Unmodelled  # nested sets and set operations
            if low == "\\":
                escaped = self._next()
                category = self._category(escaped)
                if category is not None:
                    if self._peek() == "-" and self._peek(1) != "]":
                        raise _Unmodelled
                    categories.append(category)
                    chars, space = None, space and category == "\\s"
                    continue
                low = self._code(escaped)
            high = low
            if self._peek() == "-" and self._peek(1) not in ("]", ""):
                self.pos += 1
                high = self._next()
                if high == "\\":
                    high = self._code(self._next())
                if high < low:
                    raise _Unmodelled
            body.append(re.escape(low) + ("-" + re.escape(high) if high != low else ""))
            space = space and all(chr(c) in _SPACES for c in range(ord(low), ord(high) + 1))
            if chars is not None:
                chars.update(map(chr, range(ord(low), min(ord(high), ord(low) + _MAX_EXACT) + 1)))
        if self.fold or "" in categories:
            return _Char(_ANY, None)  # ignore-case classes, and complements: any one character
        if negated:
            if any(category != "\\s" for category in categories):
                return _Char(_ANY, None)  # the complement of a superset would be a subset
            return _Char("[^" + _WS * bool(categories) + "".join(body) + "]", None)
        known = frozenset(chars) if chars is not None and len(chars) <= 8 else None
        pieces = ["[" + "".join(body) + "]"] * bool(body) + categories
        source = pieces[0] if len(pieces) == 1 else "(?:" + "|".join(pieces) + ")"
        return _Char(source, known, space, known is not None)


def _nullable(node: Any, groups: dict[int, Any]) -> bool:
    if isinstance(node, (_Char, _Opaque)):
        return False
    if isinstance(node, _Ref):
        return _nullable(groups[node.index], groups)
    if isinstance(node, _Group):
        return _nullable(node.item, groups)
    if isinstance(node, _Repeat):
        return node.low == 0 or _nullable(node.item, groups)
    if isinstance(node, _Seq):
        return all(_nullable(item, groups) for item in node.items)
    if isinstance(node, _Alt):
        return any(_nullable(branch, groups) for branch in node.branches)
    return True  # an assertion


def _edge(node: Any, groups: dict[int, Any], last: bool) -> frozenset[str] | None:
    """The characters a non-empty match of `node` can start (or, with `last`, end) with;
    None when they are not few and known."""
    if isinstance(node, _Char):
        return node.chars
    if isinstance(node, _Opaque):
        return None
    if isinstance(node, (_Ref, _Group, _Repeat)):
        inner = groups[node.index] if isinstance(node, _Ref) else node.item
        return frozenset() if isinstance(node, _Repeat) and node.high == 0 else _edge(inner, groups, last)
    if isinstance(node, (_Seq, _Alt)):
        found: set[str] = set()
        parts = node.branches if isinstance(node, _Alt) else (reversed(node.items) if last else node.items)
        for part in parts:
            edge = _edge(part, groups, last)
            if edge is None:
                return None
            found |= edge
            if isinstance(node, _Seq) and not _nullable(part, groups):
                break
        return frozenset(found)
    return frozenset()  # an assertion


def _literals(node: Any) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """`exact`: every string the node matches, when few and known; `required`: strings one
    of which every match contains, None when no literal is known."""
    if isinstance(node, _Char):
        return (node.chars if node.plain else None), None
    if isinstance(node, _Assert):
        return frozenset({""}), None
    if isinstance(node, _Group):
        return _literals(node.item)
    if isinstance(node, _Alt):
        infos = [_literals(branch) for branch in node.branches]
        exact: frozenset[str] | None = None
        if all(e is not None for e, _ in infos):
            exact = frozenset().union(*(e for e, _ in infos))  # type: ignore[misc]
            exact = exact if len(exact) <= _MAX_EXACT else None
        musts = [_must(e, r) for e, r in infos]
        return exact, None if any(m is None for m in musts) else frozenset().union(*musts)  # type: ignore[misc]
    if isinstance(node, _Repeat):
        inner, required = _literals(node.item)
        if node.low == 0:
            return (frozenset({""}) | inner if node.high == 1 and inner is not None else None), None
        return (inner if node.low == node.high == 1 else None), _must(inner, required)
    if isinstance(node, _Seq):
        run: frozenset[str] = frozenset({""})  # the exact strings of the items since the last break
        best, whole = None, True
        for item in node.items:
            item_exact, item_required = _literals(item)
            if item_exact is not None and len(run) * len(item_exact) <= _MAX_EXACT:
                run = frozenset(a + b for a in run for b in item_exact)
                continue
            whole = False
            best = _better(_better(best, _must(run, None)), _must(item_exact, item_required))
            run = item_exact if item_exact is not None else frozenset({""})
        best = _better(best, _must(run, None))
        return (run if whole else None), best
    return None, None  # a back-reference or an opaque character


def _must(exact: frozenset[str] | None, required: frozenset[str] | None) -> frozenset[str] | None:
    return exact if exact is not None and "" not in exact else required


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective of two required sets: longer shortest string, then fewer strings."""
    if a is None or b is None:
        return a if b is None else b
    return max(a, b, key=lambda s: (min(map(len, s)), -len(s)))


class _Gate:
    """Builds the `re` source of a gate from a parsed pattern (see the module docstring)."""

    def __init__(self, groups: dict[int, Any], fold: bool) -> None:
        self.groups, self.fold = groups, fold
        self.done: set[int] = set()  # groups the gate holds whole, which back-references may use

    def build(self, node: Any) -> str | None:
        branches = node.branches if isinstance(node, _Alt) else (node,)
        sources = []
        for branch in branches:
            items = branch.items if isinstance(branch, _Seq) else (branch,)
            self.done = set()
            source = self._seq(items[_anchor(items):])[0]
            if re.compile(source).search("") is not None:
                return None  # matches nothing in particular
            sources.append(source)
        return sources[0] if len(sources) == 1 else "(?:" + "|".join(sources) + ")"

    def _relax(self, node: Any) -> tuple[str, bool, int]:
        """(source, complete, paths): complete when the source matches all of every match of
        `node`, else only a beginning of it; paths bounds the ways it can match at a position."""
        if isinstance(node, _Char):
            return node.source, True, 1
        if isinstance(node, _Ref):
            group = self.groups[node.index]
            usable = node.index in self.done and (not self.fold or _ascii(group.item))
            return (f"(?P=g{node.index})", True, 1) if usable else ("", False, 1)
        if isinstance(node, _Group):
            source, complete, paths = self._relax(node.item)
            if node.index is not None and complete:
                self.done.add(node.index)
                return f"(?P<g{node.index}>{source})", True, paths
            return f"(?:{source})", complete, paths
        if isinstance(node, _Alt):
            before, parts, done = self.done, [], set()
            for branch in node.branches:  # a branch may not refer to another's groups
                self.done = set(before)
                parts.append(self._relax(branch))
                done |= self.done
            complete = all(c for _, c, _ in parts)
            self.done = done if complete else before
            return "(?:" + "|".join(s for s, _, _ in parts) + ")", complete, sum(p for _, _, p in parts)
        if isinstance(node, _Seq):
            return self._seq(node.items)
        return "", isinstance(node, _Assert), 1  # an opaque character ends the gate

    def _seq(self, items: tuple[Any, ...]) -> tuple[str, bool, int]:
        out, paths, after = [], 1, 0
        for k, item in enumerate(items):
            if k < after:
                continue
            if isinstance(item, _Assert):
                boundary = self._boundary(items, k) if item.boundary else ""
                run = _run(items, k + 1)
                if boundary == _WORD_BEFORE and run:
                    # after the literals it precedes, so that `re` still looks for them first
                    boundary, after = f"{run}(?<![0-9A-Za-z_]{run})", k + 1 + len(_run_items(items, k + 1))
                out.append(boundary)
                continue
            done = set(self.done)
            source, complete, more = self._repeat(items, k) if isinstance(item, _Repeat) else self._relax(item)
            if paths * more > _MAX_PATHS:
                self.done = done  # its groups are not in the gate
                return "".join(out), False, paths
            out.append(source)
            paths *= more
            if not complete:
                return "".join(out), False, paths
        return "".join(out), True, paths

    def _boundary(self, items: tuple[Any, ...], k: int) -> str:
        """\b as a lookaround on ASCII word characters, where a neighbour is known to be one."""
        after, before = _Seq(items[k + 1:]), _Seq(items[:k])
        if not _nullable(after, self.groups) and (_edge(after, self.groups, False) or {""}) <= _ASCII_WORD:
            return _WORD_BEFORE
        if not _nullable(before, self.groups) and (_edge(before, self.groups, True) or {""}) <= _ASCII_WORD:
            return _WORD_AFTER
        return ""

    def _repeat(self, items: tuple[Any, ...], k: int) -> tuple[str, bool, int]:
        node = items[k]
        low, high = node.low, node.high
        if high == 0:
            return "", True, 1
        if not isinstance(node.item, _Char):
            if low == 0 and high != 1:
                return "", False, 1
            source, complete, paths = self._relax(node.item)
            if high == 1:
                return f"(?:{source})" + ("?" if low == 0 else ""), complete, paths + (low == 0)
            return f"(?:{source})", False, paths  # one round, then stop
        char = node.item
        if high is not None and high <= 4:
            return char.source + ("?" if (low, high) == (0, 1) else f"{{{low},{high}}}"), True, high - low + 1
        before, after = _Seq(items[:k]), _Seq(items[k + 1:])
        if not (_nullable(before, self.groups) or _nullable(after, self.groups)) and _apart(
            char, _edge(before, self.groups, True)
        ) and _apart(char, _edge(after, self.groups, False)):
            # entered only where a run of `char` starts, and left where it ends: no backtracking
            return char.source + f"{{{low},{'' if high is None else high}}}+", True, 1
        return (char.source + f"{{{low}}}", False, 1) if low else ("", False, 1)


def _apart(char: _Char, edge: frozenset[str] | None) -> bool:
    """Can no character of `edge` be one that `char` matches?"""
    if edge is None:
        return False
    if char.chars is not None:
        return char.chars.isdisjoint(edge)
    return char.space and edge.isdisjoint(_SPACES)


def _run_items(items: tuple[Any, ...], start: int) -> list[_Char]:
    """The literal characters that follow `start` in a row."""
    run = []
    for item in items[start:]:
        if not (isinstance(item, _Char) and item.chars is not None and len(item.chars) == 1):
            break
        run.append(item)
    return run


def _run(items: tuple[Any, ...], start: int) -> str:
    return "".join(item.source for item in _run_items(items, start))


def _anchor(items: tuple[Any, ...]) -> int:
    """Where a gate over `items` starts: at the longest run of three or more literal
    characters (with the assertions before it), which `re` finds fastest; else after the
    optional loops the items start with."""
    best, length = 0, 2
    for k in range(len(items)):
        run = len(_run_items(items, k))
        if run > length:
            best, length = k, run
    if length == 2:
        while best < len(items) and isinstance(items[best], _Repeat) and items[best].low == 0:
            best += 1
    while best and isinstance(items[best - 1], _Assert):
        best -= 1
    return best


def _ascii(node: Any) -> bool:
    """Does the node match ASCII text only (so ignore-case comparison is lowercase comparison)?"""
    if isinstance(node, _Char):
        return node.chars is not None and all(c.isascii() for c in node.chars)
    if isinstance(node, (_Seq, _Alt)):
        return all(_ascii(part) for part in (node.items if isinstance(node, _Seq) else node.branches))
    if isinstance(node, (_Group, _Repeat)):
        return _ascii(node.item)
    return isinstance(node, _Assert)


class Analysis(NamedTuple):
    """What a pattern needs of a text before it can match (see the module docstring)."""

    required: frozenset[str] | None  # every match contains one of these (lowercase under ignore-case)
    gate: re.Pattern[str] | None  # matches inside every match; on the lowered text under ignore-case
    ignore_case: bool

    @classmethod
    def of(cls, pattern: str, ignore_case: bool, gate: bool = True) -> Analysis:
        """The analysis of a `compile_pattern` pattern; without `gate`, its literals only."""
        try:
            parser = _Parser(pattern, ignore_case)
            tree = parser.parse()
            source = _Gate(parser.groups, ignore_case).build(tree) if gate else None
            return cls(_literals(tree)[1], None if source is None else re.compile(source), ignore_case)
        except (_Unmodelled, RecursionError, re.error):
            return cls(None, None, ignore_case)

    def may_match(self, doc: Document, start: int = 0, end: int | None = None) -> bool:
        """False only when no match can lie in doc.text[start:end]."""
        if self.gate is None:
            return True
        text = simply_folded(doc) if self.ignore_case else doc.text
        return text is None or self.gate.search(text, start, len(text) if end is None else end) is not None


def simply_folded(doc: Document) -> str | None:
    """The text lowercased, when ignore-case matching of ASCII on it is lowercase comparison
    character for character (no ß, ﬁ, ſ, İ…), else None."""
    key = "simply-folded"
    if key not in doc.cache:
        lowered = lowercase(doc)
        simple = len(lowered) == len(doc.text) and _compiled(_FOLD_UNSAFE).search(doc.text) is None
        doc.cache[key] = lowered if simple else None
    return doc.cache[key]  # type: ignore[return-value]
