"""Consistency checks: empty_heading, contradiction, stale_certification.

Driven by ``lexicons/consistency/*.yaml`` (validated with ``file:line``
errors like every lexicon; an extra ``--lexicon DIR`` may hold
``DIR/consistency/*.yaml`` whose entries override the built-in ones by id):

* ``empty_heading.yaml``: captions that announce a quantity (期間, 時間帯, 期限,
  場所, 人数) and the kind of statement the article must then contain. The
  article's own paragraphs and items count, and so does a 別表/別紙/article
  that the article cites (保存期間は別表第2のとおり).
* ``contradiction.yaml``: pairs of statements that cannot both hold, and
  quantities (人数 per role, Tier per facility) that must agree.
* ``certification.yaml``: schemes (ISMS/ISO/IEC 27001 3 years, プライバシーマーク
  2 years, ISMAP 1 year, SOC 2 1 year) and the validity markers.

The words this module reads the text with (the date line, caption separators, clock times and
days, the owner of a length of time, the event a period counts from, places, the words around a
certification's date) are in ``lexicons/vocab/consistency.yaml``.

The document's own date (a date line under the title or at the signature,
the 施行 date of 附則, 「令和N年N月N日付け」 in the preamble) is the reference for
certifications; ``datetime.date.today()`` is used only when the document has
no date (``ctx.options["today"]`` overrides it, for tests).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

import yaml

from ..analysis.coverage import caption_span, units
from ..analysis.references import cited_nodes
from ..analysis.propositions import OBJECT_CASES
from ..analysis.groups import Group, GroupError, compile_group, match_group, quantity_spans
from ..dates import DateMention, add_years, find_dates
from ..lexfile import BUILTIN_DIR, LexiconError, _check_keys, _LDict, _Problems, load_yaml
from ..model import Finding, Related
from ..textnorm import fold, kanji_to_int
from ..vocabulary import pattern_file

RULE_IDS = ("empty_heading", "contradiction", "stale_certification")
CONSISTENCY_DIR = BUILTIN_DIR / "consistency"

# Every word is in lexicons/vocab/consistency.yaml (with examples the tests run); the shape of each
# pattern is here: {list} stands for the alternatives of that list. The tables of a document keep
# their cells apart with U+3000 (what ingest writes between cells), read by _CELL.
CONSISTENCY_LISTS = (
    "date_line_words", "enacted_markers", "dated_markers", "caption_separators", "caption_parens",
    "caption_marks", "caption_etc", "cited_rule_names", "article_number", "law_article", "clause_char",
    "cited_rule_verbs", "subject_prefixes", "staff_verbs", "staff_verb_endings", "person_suffixes",
    "subject_links", "subject_links_body", "period_links", "anchor_verbs", "anchor_object_links",
    "limit_act_leads", "before_marks", "clock_numerals", "am", "pm", "hour_marks", "minute_marks",
    "half_hour", "noon", "range_marks", "next_day", "until_words", "round_the_clock",
    "not_after_round_the_clock", "all_day_words", "weekday_words", "weekend_words", "all_year_words",
    "every_day_words", "generic_subjects", "window_subject_prefixes", "window_suffixes", "inquiry_forms",
    "reception_forms", "chain_links", "topic_marks", "article_label", "owner_links", "owner_ends",
    "party_words", "owner_prefixes", "attribute_followers", "length_changes", "proviso_words", "length_tails", "span_links",
    "elapsed_words", "range_from", "list_leads", "list_promises", "owner_joiner", "owner_topic_marks", "owner_topic_links", "coordinators", "modifier_ends",
    "object_prefixes", "object_etc", "place_suffixes", "place_links", "place_prefixes", "manner_pos", "exclusive_words", "cert_words",
    "cert_links", "cert_date_links", "first_time", "registration_acts", "date_words", "cert_separators",
    "renewal_date_words", "noun_pos", "genitive", "topic_particles", "ideographic_comma", "commas",
    "periods", "phrase_ends", "noun_char", "kanji", "hiragana", "word_char", "month_day_deadlines",
    "deadline_after_period", "universal_marks", "yen_units", "count_means")
_WORDS = pattern_file("consistency.yaml", CONSISTENCY_LISTS, fixed=())
_CELL = re.compile(r"\u3000|\||\t")  # a cell boundary: U+3000, a bar typed between cells (｜ folds to |), a tab
_NOTE_NUMBER = re.compile(r"\(?[0-9０-９]{1,2}[).．]?")
# a clock time (9時, 午後5時30分, 8時半, 9:00, 正午); both ends of a time range rename its G… groups
_CLOCK = (r"(?:(?P<Gap>{am}|{pm})?\s*(?P<Gh>(?:\d{1,2}|{clock_numerals}{1,3}))\s*{hour_marks}"
          r"(?:\s*(?P<Gm>\d{1,2}|{clock_numerals}{1,3})\s*{minute_marks}|(?P<Ghalf>{half_hour}))?"
          r"|(?P<Gch>\d{1,2})\s*:\s*(?P<Gcm>\d{2})|(?P<Gnoon>{noon}))")
TEMPLATES: dict[str, str] = {
    # the document's own date
    "date_line": r"^[\s\u3000]*{date_line_words}?[\s\u3000]*\Z",
    "date_marker": r"(?P<dated>{dated_markers})|{enacted_markers}",
    # empty_heading
    "caption_split": "{caption_separators}",
    "caption_strip": r"^{caption_marks}+|{caption_marks}+\Z",
    "caption_paren_strip": r"^{caption_parens}+|{caption_parens}+\Z",
    "caption_etc": "{caption_etc}$",
    "cited_rule": r"(?:{cited_rule_names}(?:{article_number}{clause_char}{0,12})?|{law_article}{clause_char}{0,12})"
                  r"{cited_rule_verbs}",
    # pairs, quantities, permissions
    "phrase_end": "{phrase_ends}",
    "subject_prefix": "^{subject_prefixes}",
    "staff_person": r"(?P<verb>{staff_verbs}){staff_verb_endings}(?P<person>{person_suffixes})$",
    "subject_tail": r"{subject_links_body}?{commas}?[\s\u3000]*$",
    "noun": "^{noun_pos}",
    "last_comma": r"(?s:.*)({commas})",
    # deadlines: the event a period counts from
    "anchor_tail": "(?:{period_links}|{genitive})$",
    "row_event": "^{word_char}{1,12}?(?:{period_links})",
    "anchor_verb": "{anchor_verbs}$",
    "anchor_run": "{noun_char}{2,12}$",
    "anchor_object": "({noun_char}{2,12}){anchor_object_links}{kanji}{1,2}$",
    "anchor_trim": r"(?:[\u3000 ]|{commas})+\Z",
    "hiragana_tail": "{hiragana}+$",
    "period_lead": r"{period_links}\s*",
    "month_day": r"^{month_day_deadlines}",
    "deadline_after_period": r"{deadline_after_period}",
    "universal": r"{universal_marks}",
    "yen_header": r"\({yen_units}\)",
    "bare_number": r"(?P<n>[0-9][0-9,]*(?:\.[0-9]+)?)",
    # the event written inside the period itself (受理後60日以内: timeexpr reads 受理後 as part of it)
    "period_inner_lead": r"[^\d]{1,12}?{period_links}\s*(?=\d)",
    "limit_act_lead": "^{limit_act_leads}+",
    "clause_end": "{commas}|{periods}",
    "before_event": "{before_marks}",
    # term dates
    "until": "^{until_words}",
    "period": "{periods}",
    # time windows
    "time_range": _CLOCK.replace("?P<G", "?P<a") + r"\s*{range_marks}\s*{next_day}?\s*" + _CLOCK.replace("?P<G", "?P<b")
                  + r"(?:\s*{until_words})?",
    "pm": r"^{pm}\Z",
    "round_the_clock": r"{round_the_clock}(?!\s*{not_after_round_the_clock})|{all_day_words}",
    "weekday": "{weekday_words}",
    "weekend": "{weekend_words}",
    "every_day": "{every_day_words}",
    "all_year": "{all_year_words}",
    "generic_subject": r"^{generic_subjects}\Z",
    "inquiry": "{inquiry_forms}",
    "reception": "{reception_forms}",
    "subject_word": "{word_char}+",
    "window_subject_prefix": "^{window_subject_prefixes}",
    "window_suffix": "{window_suffixes}$",
    "chain": "((?:{word_char}+{chain_links}){0,3}{word_char}*)$",
    "trailing_genitive": r"{genitive}+\Z",
    "window_topic": r"^[\s\u3000]*(?:{article_label}[\s\u3000]+)?(.{1,30}?){topic_marks}{ideographic_comma}",
    # measures: the owner of a length of time
    "owner_tail": "((?:{word_char}+{owner_links})*{word_char}+){owner_ends}?$",
    "party": r"^{party_words}\Z",
    "coordination_split": "{coordinators}|{owner_joiner}",  # the joiner of owner names splits them too
    "owner_prefix": "^{owner_prefixes}",
    "genitive_end": "{genitive}$",
    "attribute_not_length": "{attribute_followers}",
    "length_change": r"\s*(?:{length_changes})",
    "owner_end": r"{owner_ends}\Z",
    "new_topic": "{noun_char}{topic_particles}{ideographic_comma}?",
    "proviso": "{proviso_words}",
    "genitive_gap": r"\s*{genitive}",
    "elapsed": "{elapsed_words}",
    "range_between": "{range_from}",
    "owner_topic": "((?:{word_char}+{owner_topic_links})*{word_char}+){owner_topic_marks}{ideographic_comma}?",
    "list_lead": "(?:{list_leads})({word_char}+){owner_topic_marks}",
    "list_promise_end": r"(?:{list_promises})(?:{periods})?\s*\Z",
    "item_owner": "{periods}$",
    "genitive_split": "{genitive}",
    # exclusive places
    "object_modifier": "^.*{modifier_ends}",
    "object_prefix": "^{object_prefixes}",
    "object_etc": "{object_etc}$",
    "place_trim": r"^(?:{ideographic_comma}|[ \u3000])+|(?:{ideographic_comma}|[ \u3000])+\Z",
    "place_suffix": "{place_suffixes}$",
    "place_links": "{place_links}",
    "place_prefix": "^{place_prefixes}",
    "exclusive": "{exclusive_words}",
    "manner_pos": "^{manner_pos}",
    # certifications
    "cert_coordination": r"[\s\u3000]*(?:{cert_words}|\(JIS\s*Q\s*\d+\))?[\s\u3000]*{cert_links}[\s\u3000]*",
    "cert_date_tail": "{cert_date_links}?{first_time}?{registration_acts}{date_words}?",
    "cert_separator": "{cert_separators}",
    "renewal_date": "{renewal_date_words}",
}
_RX: dict[str, re.Pattern] = {name: re.compile(_WORDS.regex(t)) for name, t in TEMPLATES.items()}
# patterns around the subject and value patterns of a quantity entry, or the verbs of a measure entry
# (contradiction.yaml), compiled once per entry
ENTRY_TEMPLATES: dict[str, str] = {
    "cell_sentence": r"({subject}){subject_links}[\s\u3000]*(?:{value})",  # 従事者は二名以上とする
    "subject_before": r"{subject}{subject_links_body}?{commas}?[\s\u3000]*$",  # 監視要員を常時5名以上、従事者は、常時4名以上
    "subject_after": "{genitive}({subject})(?!{count_means})",             # 常時3名以上の技術者 (not 2名の従事者で照合)
    "verb_after_length": r"{length_tails}?{span_links}?(?:{ideographic_comma}|\s)*(?:{verbs})",  # 1年間保存する
}
_ENTRY_PIECES = ("subject", "value", "verbs")


@lru_cache(maxsize=256)
def _entry_rx(name: str, **pieces: str) -> re.Pattern:
    return re.compile(_WORDS.regex(ENTRY_TEMPLATES[name], **pieces))


@lru_cache(maxsize=64)
def _verbs_rx(verbs: tuple[str, ...]) -> re.Pattern:
    return _entry_rx("verb_after_length", verbs="|".join(map(re.escape, verbs)))


def patterns_using(list_name: str) -> list[re.Pattern]:
    """The compiled patterns that ``list_name`` of consistency.yaml takes part in (for its examples);
    a pattern around an entry's own pieces once for each built-in entry."""
    out = [_RX[name] for name, t in TEMPLATES.items() if list_name in _WORDS.uses(t)]
    lex = load_consistency()
    for name, t in ENTRY_TEMPLATES.items():
        if list_name not in _WORDS.uses(t, _ENTRY_PIECES):
            continue
        if name == "verb_after_length":
            out += [_verbs_rx(md.verbs) for md in lex.measures.values() if md.verbs]
        else:
            out += [_entry_rx(name, subject=q.subject.pattern, value=q.value.pattern) for q in lex.quantities.values()]
    return out


def _is(name: str, text: str) -> bool:
    return _RX[name].search(text) is not None


def _cite_pair(facts, message: str, related: tuple[int, int], quote: tuple[int, int]) -> str:
    """``message`` with ``{related}`` as the path and text of the other statement (第3条第1項「金300,000円」) and
    ``{quote}`` as the text of the one reported (「330,000円」): the two sides of every contradiction."""
    rel = facts.clause_path(related[0]) or ""
    return message.replace("{related}", f"{rel}「{facts.text[related[0]:related[1]]}」").replace(
        "{quote}", f"「{facts.text[quote[0]:quote[1]]}」")


_ANNOUNCE_KINDS = ("duration", "time_range", "deadline", "place", "number", "organisation", "frequency",
                   "statement")  # statement: only the entry's own ``recognise`` patterns

# ---------------------------------------------------------------------------
# lexicon
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Announcement:
    id: str
    announces: str
    captions: tuple[str, ...]
    accept_cited_rules: bool
    message: str
    suggestion: str
    examples: tuple
    file: str
    line: int
    recognise: tuple = ()  # extra patterns (folded text) that state what the caption announces


@dataclass(frozen=True)
class Pair:
    id: str
    first: tuple[Group, ...]
    second: tuple[Group, ...]
    unless_paragraph: tuple[str, ...]
    message: str
    suggestion: str
    examples: tuple
    file: str
    line: int


@dataclass(frozen=True)
class QuantityDef:
    id: str
    kind: str  # count | level
    subject: re.Pattern
    value: re.Pattern
    message: str
    suggestion: str
    examples: tuple
    file: str
    line: int
    # 「作業従事者のうち2名を…に常駐させる」: a verb after the count that names the counted ones' role (常駐者)
    placed: tuple[tuple[re.Pattern, str], ...] = ()


@dataclass(frozen=True)
class WindowDef:
    """A service window (稼働時間, 受付時間, 監視時間 …): the nouns and verbs that name it."""

    id: str
    name: str
    words: tuple[str, ...]
    verbs: tuple[str, ...]
    message: str
    suggestion: str
    examples: tuple
    file: str
    line: int


@dataclass(frozen=True)
class MeasureDef:
    """A length of time stated for an object (保存期間 of a record, 連続運転時間 of a generator, 指定期間)."""

    id: str
    name: str
    attributes: tuple[str, ...]
    verbs: tuple[str, ...]
    document_level: bool  # one per document (指定期間): the owner may be left unsaid
    message: str
    suggestion: str
    examples: tuple
    file: str
    line: int
    # the owner is the provisions the sentence cites before the length (「第3条から第8条までの規定は、
    # …3年間なお効力を有する」): two survival periods meet when they cite a common article
    cited_owner: bool = False
    owner_name: str = "{owners}"  # how the message names cited provisions (「{owners}の規定」)
    # 「提出の日から6月間保存」 and 「提出の日から3月以内に…を消去」: acts that end the kept thing, with the
    # message for a deadline that comes before the length ends
    ended_by: tuple[str, ...] = ()
    ended_message: str = ""


@dataclass(frozen=True)
class ExclusiveDef:
    """「XはAにおいてのみ取り扱う」「XをAの外に持ち出さない」 vs 「XをBにおいて保管する」."""

    id: str
    only: tuple[re.Pattern, ...]     # exclusive statements: groups obj, place
    at: tuple[re.Pattern, ...]       # positive statements of handling at a place: groups obj, place
    generic_places: re.Pattern        # places that may lie inside any other (甲の指定する場所 …)
    message: str
    suggestion: str
    examples: tuple
    file: str
    line: int
    # an exclusive object naming the whole work (本業務 → 業務) covers every part of it named by a work
    # noun (入力作業, 集計処理): 「本業務は…入力作業室ですべて行う」 meets 「仙台事業所において入力作業の一部を行う」
    whole_work: re.Pattern = re.compile(r"(?!x)x")
    work_parts: re.Pattern = re.compile(r"(?!x)x")
    # captions of a section that names where the work is performed (（履行場所）桜沢市役所本庁舎1階): its
    # first body line is a place where the whole work is done
    place_captions: tuple[str, ...] = ()
    place_object: str = ""


@dataclass(frozen=True)
class Scheme:
    id: str
    name: str
    pattern: re.Pattern
    cycle_years: int


@dataclass(frozen=True)
class PermissionDef:
    """A ban on an act and, for the same party, a plain permission of the same act."""
    id: str
    exceptions: tuple[str, ...]  # in the ban's paragraph: not a full ban (ただし…この限りでない)
    conditions: tuple[str, ...]  # in the permission's sentence: it is the ban's exception (承認を得て)
    generic: tuple[str, ...]     # object words that name no particular thing (全部, 一部)
    message: str
    suggestion: str
    examples: tuple
    file: str
    line: int


@dataclass(frozen=True)
class DeadlineDef:
    """The same act, counted from the same event, given two time limits (body and 別表)."""
    id: str
    acts: tuple[tuple[str, ...], ...]  # families of act words (報告 / 第一報 / 通報)
    message_body: str  # two places of the body (or a body list of levels) that disagree
    message: str
    suggestion: str
    examples: tuple
    file: str
    line: int


@dataclass(frozen=True)
class TermDateDef:
    """A date by which the work must be done that falls after the end of the contract's term."""
    id: str
    terms: tuple[str, ...]    # words naming the term (履行期間, 契約期間)
    headers: tuple[str, ...]  # table column headers of performance dates (納品期限, 納期)
    acts: tuple[str, ...]     # acts of performance before which a body date stands (納品, 完了)
    message: str
    suggestion: str
    examples: tuple
    file: str
    line: int


@dataclass(frozen=True)
class AmountTotalDef:
    """The contract amount stated in the body against the total row of a 別表 of payments it cites."""
    id: str
    attributes: tuple[str, ...]    # words naming the amount (契約金額, 委託料の総額)
    total_labels: tuple[str, ...]  # first cells of a total row (合計, 総額)
    amount: re.Pattern             # an amount of money; group ``n`` holds its digits
    message: str
    suggestion: str
    examples: tuple
    file: str
    line: int
    # column headers of a 別表 of amounts (月額, 単価): a body sentence naming a row's item and the column
    # (延長分の運用保守業務に係る月額は、金X円) must give that row's amount
    columns: tuple[str, ...] = ()
    # column header endings of a table of counts (人数, 件数): the column's total row against the count
    # the body of the same article gives for the header's subject (対象人数 → 「対象職員は、…1,420人」)
    column_totals: tuple[str, ...] = ()
    # units of an amount (月額, 年額): with ``gap``, the same fee stated twice in the body in the same unit
    # (「指定管理料の額は、年額X円」 / 「前項の指定管理料は、年額Y円」) must agree
    qualifiers: tuple[str, ...] = ()
    gap: Optional[re.Pattern] = None
    # the table's only money column is named by a row's item alone (「初期導入費用は、金300,000円」)
    sole_column: bool = False


@dataclass(frozen=True)
class FrequencyDef:
    """How often the same act is done (毎月2回 / 毎月1回), written twice with different counts."""
    id: str
    value: re.Pattern             # groups: per (the period word), n (the count), min (以上)
    periods: dict                 # period word -> its unit (毎年度 -> 年)
    message: str
    suggestion: str
    examples: tuple
    file: str
    line: int


@dataclass
class ConsistencyLexicon:
    announcements: dict
    pairs: dict
    quantities: dict
    schemes: dict
    windows: dict = None
    measures: dict = None
    exclusives: dict = None
    end_markers: tuple = ()
    renewal_markers: tuple = ()
    cert_message: str = ""
    cert_message_expired: str = ""
    cert_suggestion: str = ""
    cert_examples: tuple = ()
    cert_file: str = ""
    permissions: dict = None
    blanks: tuple = ()  # a blank left to fill (【要確認】, ○○): the heading's content is there, to be filled
    deadlines: dict = None
    term_dates: dict = None
    amount_totals: dict = None
    frequencies: dict = None
    # caption -> its announcement (None: none); captions repeat across articles and files
    announced: dict = field(default_factory=dict, repr=False, compare=False)


def _examples(raw, file, line, probs, where) -> tuple:
    if not isinstance(raw, _LDict):
        probs.add(file, line, f"{where}: missing examples (flag: and pass:)")
        return ()
    _check_keys(raw, {"flag": list, "pass": list}, file, "examples", probs)
    out = []
    for kind in ("flag", "pass"):
        items = raw.get(kind) or []
        if not items:
            probs.add(file, raw.line, f"{where}: examples need at least one '{kind}:' text")
        for item, ln in zip(items, getattr(items, "item_lines", [raw.line] * len(items))):
            if not isinstance(item, str) or not item.strip():
                probs.add(file, ln, f"{where}: an example must be a text")
            else:
                out.append((kind, item, ln))
    return tuple(out)


def _groups(raw, file, line, probs, where) -> tuple:
    out = []
    for spec, ln in zip(raw or [], getattr(raw or [], "item_lines", [line] * len(raw or []))):
        try:
            out.append(compile_group(spec))
        except GroupError as e:
            probs.add(file, ln, f"{where}: {e}")
    if not out:
        probs.add(file, line, f"{where}: no term groups")
    return tuple(out)


def _rx(raw, file, line, probs, where) -> re.Pattern:
    try:
        return re.compile(str(raw or ""))
    except re.error as e:
        probs.add(file, line, f"{where}: bad regex: {e}")
        return re.compile(r"(?!x)x")


def _need(raw, keys, file, probs, where):
    for k in keys:
        if not str(raw.get(k) or "").strip():
            probs.add(file, raw.line, f"{where}: missing '{k}'")


def _load_file(path: Path, lex: ConsistencyLexicon, probs: _Problems) -> None:
    file = str(path)
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        probs.add(file, (mark.line + 1) if mark else 0, f"YAML syntax error: {e.problem or e}")
        return
    if not isinstance(data, _LDict):
        probs.add(file, 1, "a consistency file must be a mapping with 'kind'")
        return
    kind = data.get("kind")
    if kind == "empty_heading":
        _check_keys(data, {"version": int, "kind": str, "entries": list, "blanks": list}, file, "file", probs)
        lex.blanks = tuple(_rx(fold(str(r)), file, data.key_lines.get("blanks", data.line), probs, "blanks")
                           for r in data.get("blanks") or [])
        _load_announcements(data.get("entries") or [], lex, file, probs)
    elif kind == "contradiction":
        _check_keys(data, {"version": int, "kind": str, "pairs": list, "quantities": list, "time_windows": list,
                           "measures": list, "exclusive_places": list, "permissions": list, "deadlines": list,
                           "term_dates": list, "amount_totals": list, "frequencies": list}, file, "file", probs)
        _load_frequencies(data.get("frequencies") or [], lex, file, probs)
        _load_term_dates(data.get("term_dates") or [], lex, file, probs)
        _load_amount_totals(data.get("amount_totals") or [], lex, file, probs)
        _load_permissions(data.get("permissions") or [], lex, file, probs)
        _load_deadlines(data.get("deadlines") or [], lex, file, probs)
        _load_measures(data.get("measures") or [], lex, file, probs)
        _load_exclusives(data.get("exclusive_places") or [], lex, file, probs)
        _load_windows(data.get("time_windows") or [], lex, file, probs)
        _load_pairs(data.get("pairs") or [], lex, file, probs)
        _load_quantity_defs(data.get("quantities") or [], lex, file, probs)
    elif kind == "certification":
        _check_keys(data, {"version": int, "kind": str, "schemes": list, "end_markers": list,
                           "renewal_markers": list, "message": str, "message_expired": str, "suggestion": str,
                           "examples": dict}, file, "file", probs)
        _need(data, ("message", "message_expired", "suggestion"), file, probs, "certification")
        _load_schemes(data.get("schemes") or [], lex, file, probs)
        lex.end_markers = tuple(fold(x) for x in data.get("end_markers") or [])
        lex.renewal_markers = tuple(fold(x) for x in data.get("renewal_markers") or [])
        lex.cert_message = str(data.get("message") or "")
        lex.cert_message_expired = str(data.get("message_expired") or "")
        lex.cert_suggestion = str(data.get("suggestion") or "")
        lex.cert_examples = _examples(data.get("examples"), file, data.line, probs, "certification")
        lex.cert_file = file
    else:
        probs.add(file, data.key_lines.get("kind", 1), "kind must be empty_heading, contradiction or certification")


_ENTRY_KEYS = {"id": str, "message": str, "suggestion": str, "examples": dict, "note": str}


def _entry(raw, keys: dict, what: str, need: tuple[str, ...], file: str, probs: _Problems) -> str:
    """Check an entry's keys (its own plus id/message/suggestion/examples/note) and the required
    ones; returns the name the problems give it (「measure 'retention_length'」)."""
    _check_keys(raw, {**keys, **_ENTRY_KEYS}, file, what, probs)
    where = f"{what} '{raw.get('id')}'"
    _need(raw, ("id",) + need + ("message", "suggestion"), file, probs, where)
    return where


def _texts(raw, file: str, probs: _Problems, where: str) -> tuple:
    """(message, suggestion, examples, file, line): the fields every entry ends with."""
    return (str(raw.get("message")), str(raw.get("suggestion")),
            _examples(raw.get("examples"), file, raw.line, probs, where), file, raw.line)


def _words(raw, key: str) -> tuple[str, ...]:
    return tuple(fold(str(w)) for w in raw.get(key) or [])


def _load_announcements(raws: list, lex: ConsistencyLexicon, file: str, probs: _Problems) -> None:
    for raw in raws:
        where = _entry(raw, {"announces": str, "captions": list, "accept_cited_rules": bool, "recognise": list},
                       "entry", (), file, probs)
        if raw.get("announces") not in _ANNOUNCE_KINDS:
            probs.add(file, raw.key_lines.get("announces", raw.line),
                      f"{where}: announces must be one of {', '.join(_ANNOUNCE_KINDS)}")
        if not raw.get("captions"):
            probs.add(file, raw.line, f"{where}: no captions")
        rec = tuple(_rx(fold(str(r)), file, raw.key_lines.get("recognise", raw.line), probs, where)
                    for r in raw.get("recognise") or [])
        if raw.get("announces") == "statement" and not rec:
            probs.add(file, raw.line, f"{where}: announces: statement needs 'recognise' patterns")
        lex.announcements[raw.get("id")] = Announcement(
            raw.get("id"), raw.get("announces"), _words(raw, "captions"), bool(raw.get("accept_cited_rules")),
            *_texts(raw, file, probs, where), rec)


def _load_measures(raws: list, lex: ConsistencyLexicon, file: str, probs: _Problems) -> None:
    for raw in raws:
        where = _entry(raw, {"name": str, "attributes": list, "verbs": list, "document_level": bool,
                             "owner": str, "owner_name": str, "ended_by": list, "ended_message": str},
                       "measure", ("name",), file, probs)
        if bool(raw.get("ended_by")) != bool(raw.get("ended_message")):
            probs.add(file, raw.line, f"{where}: ended_by and ended_message go together")
        if not raw.get("attributes") and not raw.get("verbs"):
            probs.add(file, raw.line, f"{where}: neither attributes nor verbs")
        if raw.get("owner") not in (None, "cited", "topic"):
            probs.add(file, raw.line, f"{where}: owner must be 'cited' or 'topic', not {raw.get('owner')!r}")
        lex.measures[raw.get("id")] = MeasureDef(
            raw.get("id"), str(raw.get("name")), _words(raw, "attributes"), _words(raw, "verbs"),
            bool(raw.get("document_level")), *_texts(raw, file, probs, where),
            cited_owner=raw.get("owner") == "cited", owner_name=str(raw.get("owner_name") or "{owners}"),
            ended_by=_words(raw, "ended_by"), ended_message=str(raw.get("ended_message") or ""))


def _load_exclusives(raws: list, lex: ConsistencyLexicon, file: str, probs: _Problems) -> None:
    for raw in raws:
        where = _entry(raw, {"only": list, "at": list, "generic_places": str, "whole_work": str, "work_parts": str,
                             "place_captions": list, "place_object": str}, "exclusive place", (), file, probs)
        only = tuple(_rx(fold(str(r)), file, raw.line, probs, where) for r in raw.get("only") or [])
        at = tuple(_rx(fold(str(r)), file, raw.line, probs, where) for r in raw.get("at") or [])
        for rx in only + at:
            if not {"obj", "place"} <= set(rx.groupindex):
                probs.add(file, raw.line, f"{where}: every pattern needs (?P<obj>…) and (?P<place>…)")
        if not only or not at:
            probs.add(file, raw.line, f"{where}: needs 'only' and 'at' patterns")
        lex.exclusives[raw.get("id")] = ExclusiveDef(
            raw.get("id"), only, at, _rx(fold(str(raw.get("generic_places") or "(?!x)x")), file, raw.line, probs,
                                         where),
            *_texts(raw, file, probs, where),
            whole_work=_rx(fold(str(raw.get("whole_work") or "(?!x)x")), file, raw.line, probs, where),
            work_parts=_rx(fold(str(raw.get("work_parts") or "(?!x)x")), file, raw.line, probs, where),
            place_captions=_words(raw, "place_captions"), place_object=fold(str(raw.get("place_object") or "")))


def _load_windows(raws: list, lex: ConsistencyLexicon, file: str, probs: _Problems) -> None:
    for raw in raws:
        where = _entry(raw, {"name": str, "words": list, "verbs": list}, "time window", ("name",), file, probs)
        if not raw.get("words"):
            probs.add(file, raw.line, f"{where}: no words")
        lex.windows[raw.get("id")] = WindowDef(
            raw.get("id"), str(raw.get("name")), _words(raw, "words"), _words(raw, "verbs"),
            *_texts(raw, file, probs, where))


def _load_pairs(raws: list, lex: ConsistencyLexicon, file: str, probs: _Problems) -> None:
    for raw in raws:
        where = _entry(raw, {"first": list, "second": list, "unless_paragraph": list}, "pair", (), file, probs)
        lex.pairs[raw.get("id")] = Pair(
            raw.get("id"), _groups(raw.get("first"), file, raw.line, probs, where + " first"),
            _groups(raw.get("second"), file, raw.line, probs, where + " second"),
            _words(raw, "unless_paragraph"), *_texts(raw, file, probs, where))


def _load_quantity_defs(raws: list, lex: ConsistencyLexicon, file: str, probs: _Problems) -> None:
    for raw in raws:
        where = _entry(raw, {"kind": str, "subject": str, "value": str, "placed": list}, "quantity",
                       ("subject", "value"), file, probs)
        placed = []
        for item in raw.get("placed") or []:
            if not (isinstance(item, dict) and set(item) == {"verb", "role"}):
                probs.add(file, raw.line, f"{where}: placed items are {{verb: pattern, role: word}}")
                continue
            placed.append((_rx(str(item["verb"]), file, raw.line, probs, where), fold(str(item["role"]))))
        if raw.get("kind") not in ("count", "level", "rate", "cap"):
            probs.add(file, raw.line, f"{where}: kind must be count, level, rate or cap")
        val = _rx(raw.get("value"), file, raw.line, probs, where)
        if "n" not in val.groupindex:
            probs.add(file, raw.line, f"{where}: value needs a (?P<n>…) group")
        lex.quantities[raw.get("id")] = QuantityDef(
            raw.get("id"), raw.get("kind"), _rx(raw.get("subject"), file, raw.line, probs, where), val,
            *_texts(raw, file, probs, where), tuple(placed))


def _load_schemes(raws: list, lex: ConsistencyLexicon, file: str, probs: _Problems) -> None:
    for raw in raws:
        _check_keys(raw, {"id": str, "name": str, "pattern": str, "cycle_years": int, "note": str}, file,
                    "scheme", probs)
        where = f"scheme '{raw.get('id')}'"
        _need(raw, ("id", "name", "pattern"), file, probs, where)
        if not isinstance(raw.get("cycle_years"), int) or raw.get("cycle_years") < 1:
            probs.add(file, raw.line, f"{where}: cycle_years must be a positive integer")
        lex.schemes[raw.get("id")] = Scheme(raw.get("id"), str(raw.get("name")),
                                            _rx(raw.get("pattern"), file, raw.line, probs, where),
                                            int(raw.get("cycle_years") or 1))


def _load_permissions(raws: list, lex: ConsistencyLexicon, file: str, probs: _Problems) -> None:
    for raw in raws:
        where = _entry(raw, {"exceptions": list, "conditions": list, "generic_objects": list}, "permission", (),
                       file, probs)
        lex.permissions[raw.get("id")] = PermissionDef(
            raw.get("id"), _words(raw, "exceptions"), _words(raw, "conditions"), _words(raw, "generic_objects"),
            *_texts(raw, file, probs, where))


def _load_deadlines(raws: list, lex: ConsistencyLexicon, file: str, probs: _Problems) -> None:
    for raw in raws:
        where = _entry(raw, {"acts": list, "message_body": str}, "deadline", ("acts", "message_body"), file, probs)
        acts = []
        for fam in raw.get("acts") or []:
            if not isinstance(fam, list) or not fam:
                probs.add(file, raw.line, f"{where}: every entry of acts must be a list of words")
                continue
            acts.append(tuple(fold(str(w)) for w in fam))
        lex.deadlines[raw.get("id")] = DeadlineDef(
            raw.get("id"), tuple(acts), str(raw.get("message_body")), *_texts(raw, file, probs, where))


def _load_term_dates(raws: list, lex: ConsistencyLexicon, file: str, probs: _Problems) -> None:
    for raw in raws:
        where = _entry(raw, {"terms": list, "headers": list, "acts": list}, "term date", ("terms",), file, probs)
        lex.term_dates[raw.get("id")] = TermDateDef(
            raw.get("id"), _words(raw, "terms"), _words(raw, "headers"), _words(raw, "acts"),
            *_texts(raw, file, probs, where))


def _load_frequencies(raws: list, lex: ConsistencyLexicon, file: str, probs: _Problems) -> None:
    for raw in raws:
        where = _entry(raw, {"value": str, "periods": dict}, "frequency", ("value",), file, probs)
        rx = _rx(fold(str(raw.get("value") or "(?P<n>x)")), file, raw.line, probs, where)
        if not {"n", "per"} <= set(rx.groupindex):
            probs.add(file, raw.line, f"{where}: the value pattern needs (?P<per>…) and (?P<n>…)")
        periods = {fold(str(w)): fold(str(unit)) for unit, words in (raw.get("periods") or {}).items()
                   for w in (words or [])}
        lex.frequencies[raw.get("id")] = FrequencyDef(raw.get("id"), rx, periods, *_texts(raw, file, probs, where))


def _load_amount_totals(raws: list, lex: ConsistencyLexicon, file: str, probs: _Problems) -> None:
    for raw in raws:
        where = _entry(raw, {"attributes": list, "total_labels": list, "amount": str, "columns": list,
                             "column_totals": list, "qualifiers": list, "gap": str, "sole_column": bool},
                       "amount total", ("total_labels", "amount"), file, probs)
        rx = _rx(fold(str(raw.get("amount") or "(?P<n>x)")), file, raw.line, probs, where)
        if "n" not in rx.groupindex:
            probs.add(file, raw.line, f"{where}: the amount pattern needs (?P<n>…) for its digits")
        lex.amount_totals[raw.get("id")] = AmountTotalDef(
            raw.get("id"), _words(raw, "attributes"), _words(raw, "total_labels"), rx,
            *_texts(raw, file, probs, where), columns=_words(raw, "columns"),
            column_totals=_words(raw, "column_totals"), qualifiers=_words(raw, "qualifiers"),
            gap=_rx(fold(str(raw.get("gap"))), file, raw.line, probs, where) if raw.get("gap") else None,
            sole_column=bool(raw.get("sole_column")))


@lru_cache(maxsize=8)
def load_consistency(dirs: tuple[str, ...] = (str(CONSISTENCY_DIR),)) -> ConsistencyLexicon:
    probs = _Problems()
    lex = ConsistencyLexicon({}, {}, {}, {}, {}, {}, {}, permissions={}, deadlines={}, term_dates={},
                             amount_totals={}, frequencies={})
    for d in dirs:
        for path in sorted(Path(d).glob("*.yaml")):
            _load_file(path, lex, probs)
    if probs:
        raise LexiconError(list(probs))
    return lex


def lexicon_for(ctx) -> ConsistencyLexicon:
    dirs = [str(CONSISTENCY_DIR)]
    lexset = getattr(ctx, "lexicons", None)
    for d in getattr(lexset, "dirs", ()) or ():
        p = Path(d) / "consistency"
        if p.is_dir() and p.resolve() != CONSISTENCY_DIR.resolve():
            dirs.append(str(p))
    return load_consistency(tuple(dirs))


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

def document_date(facts) -> Optional[_dt.date]:
    """The document's own date: a date line under the title or at the signature, the 施行 date
    of 附則, or 「…付け」 in the preamble (the latest of these)."""
    text = facts.text
    lines = text.split("\n")
    cands: list[DateMention] = []
    pos = 0
    spans = []
    for _i, line in enumerate(lines):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    n = len(lines)
    for i, (a, b) in enumerate(spans):
        if not (i < 8 or i >= n - 30):
            continue
        ds = [d for d in find_dates(text, a, b) if d.precision == "day"]
        if len(ds) == 1:
            rest = fold(text[a:b]).replace(fold(ds[0].text), "")
            if _is("date_line", rest):
                cands.append(ds[0])
    for m in _RX["date_marker"].finditer(facts.folded):
        lo = max(0, m.start() - 25)
        ds = [d for d in find_dates(text, lo, m.start()) if d.precision == "day" and m.start() - d.end <= 2]
        if ds:
            if m.group("dated") and m.start() > 2000:
                continue
            cands.append(ds[-1])
    return max((d.date for d in cands), default=None)


def _today(ctx) -> _dt.date:
    t = (getattr(ctx, "options", None) or {}).get("today")
    if isinstance(t, _dt.date):
        return t
    if isinstance(t, str):
        return _dt.date.fromisoformat(t)
    return _dt.date.today()


def _jdate(d: _dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# ---------------------------------------------------------------------------
# empty_heading
# ---------------------------------------------------------------------------

def _caption_words(caption: str) -> str:
    """The folded caption without its brackets and spaces: （作業場所） → 作業場所."""
    return _RX["caption_strip"].sub("", fold(caption))


def _announcement(lex: ConsistencyLexicon, caption: str) -> Optional[Announcement]:
    if caption in lex.announced:
        return lex.announced[caption]
    ann = lex.announced[caption] = _find_announcement(lex, caption)
    return ann


def caption_parts(caption: str) -> list[str]:
    """The parts of a caption (（保存期間及び廃棄） → 保存期間, 廃棄), folded, without 等."""
    cap = _caption_words(caption)
    return [_RX["caption_etc"].sub("", p.strip()) for p in _RX["caption_split"].split(cap) if p.strip()]


def _find_announcement(lex: ConsistencyLexicon, caption: str) -> Optional[Announcement]:
    parts = caption_parts(caption)
    for ann in lex.announcements.values():
        for p in parts:
            if any(p.endswith(c) for c in ann.captions):
                return ann
    return None


def _states(facts, kind: str, start: int, end: int, seen: set, recognise: tuple = ()) -> bool:
    text = facts.folded[start:end]
    spans = quantity_spans(kind, text) if kind != "statement" else []
    if kind == "duration":  # 「その日から7日以内に提出」 is the deadline of a submission, not a keeping period
        spans = [sp for sp in spans if not _RX["deadline_after_period"].match(text, sp[1])]
    if spans:
        return True
    if any(rx.search(text) for rx in recognise):
        return True
    for node in cited_nodes(facts, start, end):
        key = (node.start, node.end)
        if key in seen:
            continue
        seen.add(key)
        if _states(facts, kind, node.start, node.end, seen, recognise):
            return True
    return False


# 「東山市文書管理規程に定める期間」: the quantity is fixed by a named rule outside the document
# (the ``cited_rule`` pattern)


def check_empty_heading(facts, lex: ConsistencyLexicon) -> Iterable[Finding]:
    defined = {d.key for d in facts.definitions if getattr(d, "kind", "") not in ("party",)}
    for art in facts.clauses:
        # an article's caption, or the heading of a section (１２　保存期間, 8.3　ログの保存期間)
        if art.kind not in ("article", "section") or not art.caption:
            continue
        ann = _announcement(lex, art.caption)
        if ann is None:
            continue
        if _caption_words(art.caption) in defined:
            continue  # （作業場所） over an article on a defined 作業場所: the definition says what it is
        if any(rx.search(facts.folded, art.start, art.end) for rx in lex.blanks):
            continue  # 所在地：【要確認】: the content is a blank left to fill (placeholder_leftover says so)
        sp = caption_span(facts, art)
        if sp is None:
            continue
        if ann.announces != "statement" and _states(facts, ann.announces, sp[0], art.end, {(art.start, art.end)}):
            continue
        # the entry's own patterns are read after the caption (（配置基準） itself is no criterion)
        if ann.recognise and _states(facts, "statement", sp[1], art.end, {(art.start, art.end)}, ann.recognise):
            continue
        if ann.accept_cited_rules and _RX["cited_rule"].search(facts.folded, sp[1], art.end):
            continue
        cap = _RX["caption_paren_strip"].sub("", facts.text[sp[0]:sp[1]])
        yield facts.finding("empty_heading", ann.id, "warning", sp[0], sp[1],
                            ann.message.replace("{caption}", cap), ann.suggestion.replace("{caption}", cap))


def check_announced_lists(facts) -> Iterable[Finding]:
    """An article or section whose body ends by announcing what follows (「…業務の移管については、次のとおりと
    する。」) and has nothing after it — no item, no table, no line: the heading promises content the
    document never gives. Words: consistency.yaml ``list_promises``."""
    kids = {c.parent for c in facts.clauses if c.kind in ("item", "subitem", "paragraph") and c.parent is not None}
    for i, art in enumerate(facts.clauses):
        if art.kind not in ("article", "section") or not art.caption:
            continue
        body = facts.folded[art.start:art.end].rstrip()
        if not _RX["list_promise_end"].search(body):
            continue
        paras = [j for j, c in enumerate(facts.clauses) if c.parent == i and c.kind == "paragraph"]
        if any(j in kids for j in paras) or (i in kids and not paras):
            continue  # the items are there (under its paragraph, or under the article itself)
        sp = caption_span(facts, art)
        if sp is None:
            continue
        cap = _RX["caption_paren_strip"].sub("", facts.text[sp[0]:sp[1]])
        yield facts.finding("empty_heading", "list", "warning", sp[0], sp[1],
                            f"見出し「{cap}」の本文は「次のとおり」と続きを予告していますが、その内容（号・表）が書かれていません。",
                            f"「{cap}」の内容（対象、時期、方法、費用の負担など）を号に分けて書いてください。")


# ---------------------------------------------------------------------------
# contradiction
# ---------------------------------------------------------------------------


def _para_text(facts, offset: int) -> str:
    """The text of the article around ``offset`` (its paragraph when it has no article): an
    exception to a ban is written in the same paragraph (ただし…この限りでない) or in a later
    paragraph of the same article (「前項の規定にかかわらず、…承認を得て再委託することができる」)."""
    c = facts.clause_at(offset)
    art = facts.article_of(c) if c is not None else None
    if art is not None:
        return facts.folded[art.start:art.end]
    while c is not None and c.kind in ("item", "subitem") and c.parent is not None:
        c = facts.clauses[c.parent]
    return facts.folded[c.start:c.end] if c is not None else ""


def _pair_hits(facts, groups, unless=()) -> list[tuple[int, int]]:
    hits = []
    for u in units(facts):
        if u.caption:
            continue
        for g in groups:
            sp = match_group(g, u)
            if sp is None:
                continue
            if unless and any(w in _para_text(facts, u.start) for w in unless):
                continue
            hits.append(sp)
            break
    return hits


def _phrase(facts, span: tuple[int, int], limit: int = 14) -> tuple[int, int]:
    """Widen a key span to the end of its phrase (up to 、 。 or ``limit`` characters)."""
    a, b = span
    f = facts.folded
    e = b
    if b < a + limit:
        hi = min(len(f), a + limit)
        end = _RX["phrase_end"].search(f, b, hi)
        e = end.start() if end else hi
    return a, e


def check_pairs(facts, lex: ConsistencyLexicon) -> Iterable[Finding]:
    for pair in lex.pairs.values():
        firsts = _pair_hits(facts, pair.first, pair.unless_paragraph)
        if not firsts:
            continue
        seconds = [s for s in _pair_hits(facts, pair.second) if not any(f[0] <= s[0] < f[1] for f in firsts)]
        done_articles = set()
        for s in seconds:
            f = firsts[0]
            if facts.sentence_at(s[0]) is facts.sentence_at(f[0]):
                continue
            later, earlier = (s, f) if s[0] > f[0] else (f, s)
            art = facts.article_of(facts.clause_at(later[0]))
            key = art.path if art is not None else later
            if key in done_articles:
                continue
            done_articles.add(key)
            ea, eb = _phrase(facts, earlier)
            la, lb = later
            rel_path = facts.clause_path(ea) or ""
            msg = _cite_pair(facts, pair.message, (ea, eb), (la, lb))
            yield facts.finding("contradiction", pair.id, "warning", la, lb, msg, pair.suggestion,
                                [Related(ea, eb, f"先の記載（{rel_path}）")])


@dataclass
class _Q:
    subject: str
    n: float
    minimum: bool
    always: bool
    start: int
    end: int
    table: bool


def _number(s: str) -> float:
    """99.5 (a rate) or 3 / 三 (a count)."""
    try:
        return float(s)
    except ValueError:
        return kanji_to_int(s) or 0


def _norm_subject(s: str) -> str:
    s = _RX["subject_prefix"].sub("", s)
    return _RX["staff_person"].sub(r"\g<verb>\g<person>", s)  # 従事する者 = 従事者


def _same_subject(a: str, b: str) -> bool:
    a, b = _norm_subject(a), _norm_subject(b)
    if not a or not b:
        return False
    return a == b or (len(b) >= 3 and a.endswith(b)) or (len(a) >= 3 and b.endswith(a))


def _table_quantities(facts, q: QuantityDef) -> list[_Q]:
    out = []
    for app in facts.clauses:
        if app.kind != "appendix":
            continue
        rows = []
        pos = app.start
        for line in facts.folded[app.start:app.end].split("\n"):
            rows.append((pos, line))
            pos += len(line) + 1
        rows = [(p, ln) for p, ln in rows[1:] if ln.strip()]
        if len(rows) < 2:
            continue
        header = _CELL.split(rows[0][1])
        for p, line in rows[1:]:
            cells = _CELL.split(line)
            off = p
            for ci, cell in enumerate(cells):
                m = q.value.fullmatch(cell.strip())
                inner = None if m or q.kind != "count" else _entry_rx(
                    "cell_sentence", subject=q.subject.pattern, value=q.value.pattern).search(cell)
                if inner is not None:  # a sentence in the cell: 従事者は二名以上とする
                    vm = q.value.search(cell, inner.end(1))
                    k = off + vm.start()
                    out.append(_Q(inner.group(1), _number(vm.group("n")), bool(vm.groupdict().get("min")),
                                  bool(vm.groupdict().get("always")), k, off + vm.end(), True))
                if m:
                    subj = ""
                    for cand in (cells[0] if ci > 0 else "", header[ci] if ci < len(header) else ""):
                        sm = q.subject.fullmatch(cand.strip())
                        if sm:
                            subj = cand.strip()
                            break
                    if subj or q.kind == "level":
                        k = off + cell.find(cell.strip())
                        out.append(_Q(subj, _number(m.group("n")), bool(m.groupdict().get("min")),
                                      bool(m.groupdict().get("always")), k, k + len(cell.strip()), True))
                elif q.kind == "level" and ci > 0:
                    # a requirement written out in the cell (ファシリティ水準　…スタンダードのティア2以上)
                    vm = q.value.search(cell)
                    if vm is not None:
                        out.append(_Q("", _number(vm.group("n")), bool(vm.groupdict().get("min")),
                                      bool(vm.groupdict().get("always")), off + vm.start(), off + vm.end(), True))
                off += len(cell) + 1
    return out


_PAREN = re.compile(r"\([^()]*\)")


def _text_quantities(facts, q: QuantityDef) -> list[_Q]:
    out = []
    apps = [(c.start, c.end) for c in facts.clauses if c.kind == "appendix"]
    for u in units(facts):
        if any(a <= u.start < b for a, b in apps):
            continue
        t = u.text
        for m in q.value.finditer(t):
            role = _placed_role(q, t, m.end())
            if role:
                subj = role
            elif q.kind == "count":
                # the role noun right before the number: 監視要員を常時5名以上
                # (an inline definition between them does not count: 従事する者（以下「作業従事者」という。）を常時4名以上)
                head = _PAREN.sub("", t[max(0, m.start() - 80):m.start()])[-16:]
                found = list(_entry_rx("subject_before", subject=q.subject.pattern).finditer(head))
                sm = found[-1] if found else None
                # or right after it: 常時3名以上の技術者を
                tail = _entry_rx("subject_after", subject=q.subject.pattern).match(t[m.end():m.end() + 20]) \
                    if sm is None else None
                if sm is None and tail is None:
                    continue
                subj = _RX["subject_tail"].sub("", sm.group(0)) if sm is not None else tail.group(1)
            else:
                subs = [s for s in q.subject.finditer(t)]
                subj = subs[0].group(0) if subs else ""
            out.append(_Q(subj, _number(m.group("n")), bool(m.groupdict().get("min")),
                          bool(m.groupdict().get("always")), u.start + m.start(), u.start + m.end(), False))
    return out


def _placed_role(q: QuantityDef, text: str, end: int) -> str:
    """The role a verb after the count gives the counted ones (「2名を学校教育課に常駐させる」 → 常駐者),
    read up to the end of the sentence."""
    if not q.placed:
        return ""
    stop = _RX["period"].search(text, end)
    rest = text[end:stop.start() if stop else len(text)]
    return next((role for verb, role in q.placed if verb.match(rest)), "")


def _conflict(a: _Q, b: _Q, kind: str) -> bool:
    """``a`` and ``b`` (same subject, different values) cannot both hold."""
    if a.n == b.n:
        return False
    if kind == "cap":
        return True  # two upper limits of the same thing (複製は１部に限る / 正本のほか２部を限度)
    if kind == "level":
        if a.table != b.table and a.minimum and b.minimum:
            # body 「Tier 3以上」, its table 「ティア2以上」: the table lowers the floor the body sets
            ref, other = (b, a) if a.table else (a, b)
            return other.n < ref.n
        return not (a if a.n < b.n else b).minimum  # Tier 3以上 is met by Tier 4
    floor_a, floor_b = a.always or a.minimum, b.always or b.minimum
    if a.table != b.table:  # the body text is the reference; the table must not allow fewer
        ref, other = (b, a) if a.table else (a, b)
        return other.n < ref.n if (ref.always or ref.minimum) else True
    if floor_a and floor_b:
        return True
    if floor_a:
        return b.n < a.n
    if floor_b:
        return a.n < b.n
    return True


def check_quantities(facts, lex: ConsistencyLexicon) -> Iterable[Finding]:
    for q in lex.quantities.values():
        mentions = sorted(_text_quantities(facts, q) + _table_quantities(facts, q), key=lambda x: x.start)
        named = {m.subject for m in mentions if m.subject}
        if q.kind == "level" and len(named) == 1:
            # a 別表 row of requirements (ファシリティ水準　…ティア2以上) without the facility's name: the one
            # facility the document names is the one the table is about
            only = next(iter(named))
            mentions = [replace(m, subject=only) if m.table and not m.subject else m for m in mentions]
        reported = set()
        for i, later in enumerate(mentions):
            for earlier in mentions[:i]:
                if not _same_subject(earlier.subject, later.subject) and not (
                        q.kind == "level" and earlier.subject == later.subject):
                    continue
                if q.kind in ("count", "rate") and earlier.table and later.table:
                    continue  # rows of one table give different periods
                if not _conflict(earlier, later, q.kind):
                    continue
                if later.start in reported:
                    continue
                reported.add(later.start)
                rel_path = facts.clause_path(earlier.start) or ""
                msg = _cite_pair(facts, q.message.replace("{subject}", later.subject or earlier.subject),
                                 (earlier.start, earlier.end), (later.start, later.end))
                yield facts.finding("contradiction", q.id, "warning", later.start, later.end, msg, q.suggestion,
                                    [Related(earlier.start, earlier.end, f"先の記載（{rel_path}）")])
                break


# ---------------------------------------------------------------------------
# permissions: an act banned for a party and allowed to the same party elsewhere
# ---------------------------------------------------------------------------


def _object_words(facts, st, generic: tuple[str, ...]) -> list[str]:
    """Nouns of a statement's object (本業務の全部又は一部 → 本業務), without the generic ones."""
    if st.obj is None:
        return []
    return [t.surface for t in facts.tokens_in(*st.obj)
            if _is("noun", t.pos) and len(t.surface) >= 2 and t.surface not in generic]


def check_permissions(facts, lex: ConsistencyLexicon) -> Iterable[Finding]:
    stmts = [st for st in facts.statements if st.bearers and st.verb]
    for pd in (lex.permissions or {}).values():
        bans = [st for st in stmts if st.modality == "prohibition"
                and not any(w in _para_text(facts, st.start) for w in pd.exceptions)]
        for st in stmts:
            if st.modality != "right":
                continue
            body = facts.folded[st.start:st.predicate[0] if st.predicate else st.end]
            if any(w in body for w in pd.conditions):
                continue
            ban = next((b for b in bans if b.verb == st.verb and set(b.bearers) & set(st.bearers)
                        and all(w in body for w in _object_words(facts, b, pd.generic))), None)
            if ban is None:
                continue
            last = _RX["last_comma"].match(body)
            cut = last.start(1) if last else -1
            a, b = st.start + cut + 1, st.end
            ba, bb = ban.start, ban.end
            rel = facts.clause_path(ba) or ""
            msg = pd.message.replace("{act}", st.verb).replace("{related}", f"{rel}「{facts.text[ba:bb]}」").replace(
                "{quote}", f"「{facts.text[a:b]}」")
            yield facts.finding("contradiction", pd.id, "warning", a, b, msg, pd.suggestion,
                                [Related(ba, bb, f"禁止の記載（{rel}）")])


# ---------------------------------------------------------------------------
# deadlines: one act, counted from one event, with two time limits (body and 別表)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Limit:
    families: frozenset  # indexes of the act families it names
    label: str           # the act's object (body) or the row's label (table)
    anchor: str          # the event it counts from (検知, 本稼働日)
    before: bool         # 14日前まで (before the event) rather than 以内 (after it)
    hours: float
    start: int
    end: int
    table: bool
    sent: int = -1              # the body sentence (table rows: -1)
    bearers: tuple = ()         # who the body sentence binds
    duty: bool = True           # an obligation (rights are compared only with the body)
    listed: bool = False        # a level of a body list (「(2) 障害時の第一報　障害の検知から1時間以内」)


def _anchor(text: str) -> str:
    """The event a period counts from, written right before it (検知した時から → 検知, 障害検知後 →
    障害検知, 本稼働日の → 本稼働日, 連絡を受けた時から → 連絡)."""
    t = _RX["anchor_tail"].sub("", _RX["anchor_trim"].sub("", text, count=1))
    t = _RX["anchor_verb"].sub("", t)
    m = _RX["anchor_run"].search(t)
    if m:
        return m.group(0)
    t = _RX["hiragana_tail"].sub("", t)  # 連絡を受けた → 連絡を受: the noun before the verb's object marker
    m = _RX["anchor_object"].search(t)
    return m.group(1) if m else ""


def _families(dd: DeadlineDef, words: str) -> frozenset:
    return frozenset(i for i, fam in enumerate(dd.acts) if any(w in words for w in fam))


def _last_family(dd: DeadlineDef, seg: str) -> frozenset:
    """The family of the act word nearest the end of ``seg`` (the verb the period limits): in
    「障害の状況及び復旧の見込みについて一次回答を行う」 the act is 回答, 復旧 only what it is about."""
    k, i = max(((seg.rfind(w), i) for i, fam in enumerate(dd.acts) for w in fam), default=(-1, -1))
    return frozenset({i}) if k >= 0 else frozenset()


def _period_lead(t) -> Optional[re.Match]:
    """The event marker a period starts with (「から」 of から3月以内, 「後」 of 障害検知後3時間以内)."""
    return _RX["period_lead"].match(t.text) or _RX["period_inner_lead"].match(t.text)


def _act_segment(text: str, end: int) -> str:
    """What follows a period up to the end of its clause, without the link to the act (に、): the act
    the period limits and its object (「健診データ及び仮名加工情報を消去し」)."""
    rest = _PAREN.sub("", text[end:])  # a definition in between (（以下「業務報告書」という。）) ends no clause
    return _RX["clause_end"].split(_RX["limit_act_lead"].sub("", rest, count=1), maxsplit=1)[0]


def _limits_in(text: str, base: int, families: frozenset, label: str, table: bool,
               dd: DeadlineDef | None = None) -> list[_Limit]:
    from .. import timeexpr

    out = []
    last = ""
    for t in timeexpr.find(text, 0, len(text)):
        day = _RX["month_day"].match(t.text) if t.kind == "date" and not table else None
        if day is not None:  # 翌月5日までに業務報告書を提出: counted from the month, in days
            fams = (_last_family(dd, _act_segment(text, t.end)) if dd is not None else None) or families
            # (no label: the sentence's object may be another act's, 「…提出して検査を受けた後、委託料を請求する」;
            # the objects the two sentences share are compared instead)
            out.append(_Limit(fams, "", day.group("anchor"), False, 24.0 * int(day.group("day")),
                              base + t.start, base + t.end, False))
            continue
        if t.kind != "period" or t.hours is None:
            continue
        lead = _period_lead(t)
        pre = text[max(0, t.start - 20):t.start] + (lead.group(0) if lead else "")
        # a second period of the same sentence counts from the same event (1時間以内に電話で、24時間以内に書面で)
        anchor = last = _anchor(pre) if (lead or _is("anchor_tail", pre.rstrip())) else last
        if anchor:
            a, b = (base, base + len(text.rstrip())) if table else (base + t.start, base + t.end)  # a cell: all of it
            fams = families
            if dd is not None and not table:  # the act the period limits: 2時間以内に作業従事者を到着させ
                fams = _last_family(dd, _act_segment(text, t.end)) or families
            out.append(_Limit(fams, label, anchor, _is("before_event", t.text), t.hours, a, b, table))
    return out


def _deadline_limits(facts, dd: DeadlineDef) -> list[_Limit]:
    out = []
    apps = [c for c in facts.clauses if c.kind == "appendix"]
    for st in facts.statements:
        if st.modality not in ("obligation", "right") or any(a.start <= st.start < a.end for a in apps):
            continue
        obj = facts.folded[st.obj[0]:st.obj[1]] if st.obj else ""
        fams = _families(dd, st.verb)
        t = facts.folded[st.start:st.end]
        out.extend(replace(x, sent=st.sent, bearers=tuple(st.bearers), duty=st.modality == "obligation")
                   for x in _limits_in(t, st.start, fams, obj, False, dd))
    out.extend(_listed_levels(facts, dd, apps))
    for t in list(apps) + _body_tables(facts, apps):  # a 別表, or a table typed in the body (under 3.1)
        out.extend(_table_limits(facts, dd, t.start, t.end))
    return out


def _table_limits(facts, dd: DeadlineDef, start: int, end: int) -> list[_Limit]:
    """The limits in the rows of a table: each row's first cell is its label, the first row names the columns."""
    out = []
    pos, header = start, []
    for line in facts.folded[start:end].split("\n"):
        cells = _CELL.split(line)
        # an indented line, or a numbered note under the table (「　２　支払期限　請求書受理後60日以内」):
        # its label is the first cell after the indent and the note's number
        skip = 0
        while skip < len(cells) - 2 and (not cells[skip].strip() or _NOTE_NUMBER.fullmatch(cells[skip])):
            skip += 1
        lead = sum(len(c) + 1 for c in cells[:skip])
        cells = cells[skip:]
        if len(cells) >= 2 and cells[0].strip():
            label = cells[0].strip()
            if not header:
                header = cells  # the first row names the columns (作業従事者の到着時間)
            off = pos + lead + len(cells[0]) + 1
            for ci, cell in enumerate(cells[1:], 1):
                col = header[ci] if ci < len(header) and header is not cells else ""
                fams = _families(dd, label + col)
                out.extend(_limits_in(cell, off, fams, label, True) or _row_anchored(cell, off, fams, label, cells))
                off += len(cell) + 1
        pos += len(line) + 1
    return out


def _row_anchored(cell: str, base: int, families: frozenset, label: str, cells: list[str]) -> list[_Limit]:
    """A bare period in a cell (「4時間以内」) counted from the event another cell of its row names (備考
    「発生から業務再開まで」)."""
    from .. import timeexpr

    anchor = ""
    for other in cells[1:]:
        m = _RX["row_event"].search(other)
        if other is not cell and m:
            anchor = _anchor(m.group(0))
            break
    if not anchor:
        return []
    return [_Limit(families, label, anchor, False, t.hours, base, base + len(cell.rstrip()), True)
            for t in timeexpr.find(cell, 0, len(cell)) if t.kind == "period" and t.hours is not None][:1]


def _listed_levels(facts, dd: DeadlineDef, apps) -> list[_Limit]:
    """Items of a body list that pair a label with a level, like the rows of a table (「(2)　障害時の
    第一報　障害の検知から1時間以内」 under 「次に掲げる水準を満たすこと」): label and level are separated by
    a cell boundary, and the label is a noun phrase (no 、 or 。)."""
    out = []
    for c in facts.clauses:
        if c.kind != "item" or any(a.start <= c.start < a.end for a in apps):
            continue
        body = facts.folded[c.body_start:c.end].split("\n", 1)[0]
        cells = [x for x in _CELL.split(body) if x.strip()]
        if len(cells) < 2 or len(cells[0]) > 20 or any(p in cells[0] for p in "、。"):
            continue
        off = c.body_start + body.find(cells[1], len(cells[0]))
        out.extend(replace(x, listed=True) for x in _limits_in(cells[1], off, _families(dd, cells[0]),
                                                                   cells[0].strip(), True))
    return out


def _same_act(a: _Limit, b: _Limit) -> bool:
    return bool(a.families & b.families) or _same_label(a.label, b.label)


def _same_label(x: str, y: str) -> bool:
    return len(x) >= 3 and len(y) >= 3 and (x.endswith(y) or y.endswith(x))


def _same_anchor(a: _Limit, b: _Limit) -> bool:
    return a.before == b.before and (a.anchor.endswith(b.anchor) or b.anchor.endswith(a.anchor))


def _steps(body: list[_Limit]) -> set[int]:
    """Sentences that give one act two limits from one event (1時間以内に電話で、24時間以内に書面で)."""
    seen: dict[tuple, set] = {}
    for x in body:
        for fam in x.families:
            seen.setdefault((x.sent, fam, x.anchor), set()).add(x.hours)
    return {k[0] for k, v in seen.items() if len(v) > 1}


def _body_conflicts(facts, body: list[_Limit]) -> Iterator[tuple[_Limit, _Limit]]:
    """(earlier, later) limits of two body sentences binding the same party to the same act from the
    same event (解約を希望する日の30日前まで … 90日前まで), with different values; the later one is reported.
    The two must act on a common object (を of the proposition layer: 利用契約を解約 … 利用契約を解約するとき),
    not merely count from a common event (契約締結の日から30日以内に計画書を … 14日以内に名簿を).
    Sentences that give steps, and two sentences of one article (a rule and its exception), are left alone."""
    steps = _steps(body)
    objects: dict[int, set] = {}
    for p in facts.propositions:
        obj = p.arg(*OBJECT_CASES)
        if obj is not None:
            objects.setdefault(p.sent, set()).add(obj.head)
    done = set()
    for i, b in enumerate(body):
        if b.sent in steps or not b.bearers or len(b.anchor) < 2 or b.start in done:
            continue
        for a in body[:i]:
            if a.sent == b.sent or a.sent in steps or a.hours == b.hours or a.bearers != b.bearers \
                    or not (a.families & b.families) or not _same_anchor(a, b) or len(a.anchor) < 2 \
                    or (a.label and b.label and not _same_label(a.label, b.label)):
                continue
            if _unit_of(facts, a.start) == _unit_of(facts, b.start) \
                    or not objects.get(a.sent, set()) & objects.get(b.sent, set()):
                continue
            done.add(b.start)
            yield a, b
            break


def _unit_of(facts, offset: int) -> int:
    """Index of the top-level unit (article, numbered section) that holds ``offset`` (-1: none)."""
    c = facts.clause_at(offset)
    while c is not None and c.parent is not None:
        c = facts.clauses[c.parent]
    return facts.clauses.index(c) if c is not None else -1


def check_deadlines(facts, lex: ConsistencyLexicon) -> Iterable[Finding]:
    for dd in (lex.deadlines or {}).values():
        limits = _deadline_limits(facts, dd)
        body = [x for x in limits if not x.table]
        for a, b in _body_conflicts(facts, body):
            yield _deadline_finding(facts, dd, dd.message_body, a, b, body=True)
        body = [x for x in body if x.duty]
        for row in (x for x in limits if x.table):
            matches = [b for b in body if _same_act(b, row) and _same_anchor(b, row)]
            if not matches or len({b.hours for b in matches}) > 1:
                continue  # none, or the body itself gives steps (a first report, then a written one)
            b = matches[0]
            if b.hours == row.hours:
                continue
            yield _deadline_finding(facts, dd, dd.message_body if row.listed else dd.message, b, row, row.listed)


def _deadline_finding(facts, dd: DeadlineDef, message: str, b: _Limit, row: _Limit, body: bool) -> Finding:
    rel = facts.clause_path(b.start) or ""
    msg = _cite_pair(facts, message, (b.start, b.end), (row.start, row.end))
    label = f"期限（{rel}）" if body else f"本文の期限（{rel}）"
    return facts.finding("contradiction", dd.id, "warning", row.start, row.end, msg, dd.suggestion,
                         [Related(b.start, b.end, label)])


# ---------------------------------------------------------------------------
# term dates: a performance date after the end of the contract's term
# ---------------------------------------------------------------------------


def _term_end(facts, td: TermDateDef):
    """(end date mention, sentence) of the first body sentence naming the term with a date range."""
    from ..dates import date_ranges

    for s_ in facts.sentences:
        t = facts.folded[s_.start:s_.end]
        if not any(w in t for w in td.terms):
            continue
        rs = date_ranges(facts.folded, s_.start, s_.end)
        if rs:
            return rs[0][1], s_
    return None, None


def _performance_dates(facts, td: TermDateDef):
    """Dates of performance: cells under a 納品期限-type column of a 別表, and 〜までに before an act
    of performance in the body."""
    from ..dates import find_dates

    for app in (c for c in facts.clauses if c.kind == "appendix"):
        pos, col = app.start, None
        for line in facts.folded[app.start:app.end].split("\n"):
            cells = _CELL.split(line)
            hit = [i for i, c in enumerate(cells) if any(h in c for h in td.headers) and len(c) <= 12]
            if hit and not find_dates(line):
                col = hit[0]  # the header row
            elif col is not None and col < len(cells):
                off = pos + sum(len(c) + 1 for c in cells[:col])
                yield from find_dates(facts.folded, off, off + len(cells[col]))
            pos += len(line) + 1
    for s_ in facts.sentences:
        for d in find_dates(facts.folded, s_.start, s_.end):
            tail = facts.folded[d.end:min(s_.end, d.end + 30)]
            if _is("until", tail) and any(a in _RX["period"].split(tail, maxsplit=1)[0] for a in td.acts):
                yield d


def check_term_dates(facts, lex: ConsistencyLexicon) -> Iterable[Finding]:
    for td in (lex.term_dates or {}).values():
        end, sent = _term_end(facts, td)
        if end is None:
            continue
        seen = set()
        for d in _performance_dates(facts, td):
            if d.precision != "day" or d.date <= end.last_day or d.start in seen:
                continue
            seen.add(d.start)
            rel = facts.clause_path(end.start) or ""
            msg = _cite_pair(facts, td.message, (end.start, end.end), (d.start, d.end))
            yield facts.finding("contradiction", td.id, "warning", d.start, d.end, msg, td.suggestion,
                                [Related(end.start, end.end, f"期間の末日（{rel}）")])


# ---------------------------------------------------------------------------
# amount totals: 「契約金額は、金13,200,000円とする」 vs the 合計 row of the 別表 of payments it cites
# ---------------------------------------------------------------------------

def _amount_value(m: re.Match) -> float:
    """The amount a match of an ``amount`` pattern names, in yen (12,980,000 → 12980000; 8.5 → 8.5;
    金八千八百円 → 8800)."""
    raw = fold(m.group("n")).replace(",", "")
    return float(raw) if raw[:1].isdigit() else float(kanji_to_int(raw) or 0)


def _body_amounts(facts, ad: AmountTotalDef, apps) -> list[tuple[float, int, int]]:
    """(value, start, end) of each amount the body states for an attribute (契約金額は、金X円): the
    first amount after the attribute in its sentence, not one inside a parenthesis (（うち消費税…金Y円）)."""
    out = []
    for u in units(facts):
        if u.caption or any(a.start <= u.start < a.end for a in apps):
            continue
        hit = None
        for w in ad.attributes:
            # each place the attribute is written (the caption 「（管理運営経費）」 names it before the sentence does)
            for k in re.finditer(re.escape(w), u.text):
                i = k.start()
                m = ad.amount.search(u.text, i + len(w))
                if m is None or m.start() - (i + len(w)) > 12 or "(" in u.text[i + len(w):m.start()]:
                    continue
                hit = m
                break
            if hit is not None:
                break
        if hit is not None:
            out.append((_amount_value(hit), u.start + hit.start(), u.start + hit.end()))
    return out


def _app_lines(facts, app) -> list[tuple[int, str]]:
    """(offset, line) of each line of an attachment (its head line first)."""
    out, pos = [], app.start
    for line in facts.folded[app.start:app.end].split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _table_totals(facts, ad: AmountTotalDef, app) -> list[tuple[float, int, int]]:
    """(value, start, end) of the total rows of a 別表 (合計　　金12,980,000円)."""
    out = []
    lines = _app_lines(facts, app)
    # the columns whose header gives the unit (月額賃借料（円）): their cells hold bare numbers
    header = next((_row_cells(ln) for _p, ln in lines[1:] if len(_row_cells(ln)) >= 2), [])
    bare = [ci for ci, h in enumerate(header) if _RX["yen_header"].search(h)]
    for pos, line in lines:
        cells = [c for c in _CELL.split(line) if c.strip()]
        if len(cells) >= 2 and cells[0].strip() in ad.total_labels:
            m = next(reversed(list(ad.amount.finditer(line))), None)  # the row's last amount
            if m is None and bare:
                row = _row_cells(line)
                ci = bare[-1]
                if ci < len(row) and _RX["bare_number"].fullmatch(row[ci].strip()):
                    m = _RX["bare_number"].search(line, _cell_start(facts.folded, pos, row, ci) - pos)
            if m is not None:
                out.append((_amount_value(m), pos + m.start(), pos + m.end()))
    return out


def _linked(facts, art_start: int, art_end: int, app) -> bool:
    """The article cites the 別表, or the 別表's head line cites the article (（第三条関係）)."""
    head_end = facts.folded.find("\n", app.start)
    head_end = app.end if head_end < 0 else head_end
    k_app = next((i for i, c in enumerate(facts.clauses) if c is app), None)
    for r in facts.references:
        if r.target is None:
            continue
        if art_start <= r.start < art_end and (r.target == k_app or k_app in r.targets):
            return True
        if app.start <= r.start < head_end and art_start <= facts.clauses[r.target].start < art_end:
            return True
    return False


@dataclass(frozen=True)
class _AmountRow:
    item: str        # the row's item without its parenthesis (運用保守業務（延長分） → 運用保守業務)
    rest: str        # the row's other cells (the period, the note), to choose between rows of one item
    value: float
    start: int
    end: int


def _amount_rows(facts, ad: AmountTotalDef, app) -> dict[str, list[_AmountRow]]:
    """Column header word -> the rows' amounts in that column (a 別表 whose first line names columns)."""
    rows = [(p, cells) for p, ln in _app_lines(facts, app)[1:] for cells in [_row_cells(ln)] if len(cells) >= 3]
    if len(rows) < 2:
        return {}
    header = [_PAREN.sub("", c).strip() for c in rows[0][1]]
    # the header names the column, or ends with its word (調査単価（消費税等込み） is a 単価 column); a
    # column of the lexicon may list its other names (定員|受入れ人数: the body may use either)
    cols = {ci: col for ci, h in enumerate(header) for col in ad.columns for w in col.split("|")
            if h == w or (h.endswith(w) and len(h) <= len(w) + 4)}
    # a header that gives the unit (単価（円）): its cells hold bare numbers
    bare = {ci for ci, h in enumerate(rows[0][1]) if _RX["yen_header"].search(h)}
    out: dict[str, list[_AmountRow]] = {}
    for p, cells in rows[1:]:
        item = _PAREN.sub("", cells[0]).strip()
        if len(item) < 2 or item in ad.total_labels:
            continue
        off = p + (1 if facts.folded.startswith("|", p) else 0)  # a Markdown row: its leading bar
        for ci, cell in enumerate(cells):
            m = (ad.amount.search(cell) or (_RX["bare_number"].fullmatch(cell.strip()) and
                                            _RX["bare_number"].search(cell) if ci in bare else None)) \
                if ci in cols else None
            if m is not None:
                rest = "".join(c for k, c in enumerate(cells) if k != ci)
                out.setdefault(cols[ci], []).append(
                    _AmountRow(item, rest, _amount_value(m), off + m.start(), off + m.end()))
            off += len(cell) + 1
    return out


def _row_cells(line: str) -> list[str]:
    """The cells of a table line; a Markdown row (| 区分 | 単価 |) loses its outer bars."""
    cells = _CELL.split(line)
    if line.startswith("|") and cells and not cells[0].strip():
        cells = cells[1:]
    if line.rstrip().endswith("|") and cells and not cells[-1].strip():
        cells = cells[:-1]
    return cells


def _common(a: str, b: str) -> int:
    """Length of the longest common substring of ``a`` and ``b`` (short strings: the plain way)."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def check_row_amounts(facts, ad: AmountTotalDef, apps) -> Iterator[Finding]:
    """A body sentence that names a row's item and a money column (「令和８年４月以降の運用保守業務に係る
    月額は、金１，９８０，０００円」) with an amount that no row of that item has in the column: the
    row that shares most with the sentence (its period) is reported against the body."""
    spans = list(apps) + _body_tables(facts, apps)
    tables = [_amount_rows(facts, ad, t) for t in spans]
    for u in units(facts):
        if u.caption or any(a.start <= u.start < a.end for a in spans):
            continue
        for cols in tables:
            for col, rows in cols.items():
                yield from _row_disagreement(facts, ad, u, col, rows, sole=ad.sole_column and len(cols) == 1)


def _cell_start(folded: str, pos: int, cells: list[str], ci: int) -> int:
    """Offset of cell ``ci`` of the table line at ``pos`` split into ``cells`` (a Markdown row: after its bar)."""
    return pos + (1 if folded.startswith("|", pos) else 0) + sum(len(c) + 1 for c in cells[:ci])


def _column_totals(facts, ad: AmountTotalDef, t) -> list[tuple[str, float, int, int, set]]:
    """(header's subject, total, start, end, the rows' values) of each count column of table ``t`` with a
    total row (| 合計 | | 1,240人 |): the subject is the header without its count ending (対象人数 → 対象)."""
    rows = [(p, cells) for p, ln in _app_lines(facts, t)[1:] for cells in [_row_cells(ln)]
            if len(cells) >= 2]
    if len(rows) < 3:
        return []
    header = [_PAREN.sub("", c).strip() for c in rows[0][1]]
    out = []
    for ci, h in enumerate(header):
        end = next((w for w in ad.column_totals if h.endswith(w) and len(h) - len(w) >= 2), None)
        if end is None:
            continue
        values, total = set(), None
        for p, cells in rows[1:]:
            m = ad.amount.search(cells[ci]) if ci < len(cells) else None
            if m is None:
                continue
            off = _cell_start(facts.folded, p, cells, ci)
            if cells[0].strip() in ad.total_labels:
                total = (_amount_value(m), off + m.start(), off + m.end())
            else:
                values.add(_amount_value(m))
        if total is not None and values:
            out.append((h[:-len(end)], *total, values))
    return out


def check_column_totals(facts, ad: AmountTotalDef, apps) -> Iterator[Finding]:
    """The total row of a count column (対象人数 | 合計 1,240人) against the count the article holding the
    table (or the one a 別表 is linked with) states for the header's subject (「対象職員は、…1,420人とする」)."""
    spans = list(apps) + _body_tables(facts, apps)
    for t in spans:
        cols = _column_totals(facts, ad, t)
        if not cols:
            continue
        # where the body may state the count: the article holding a body table, or the articles a 別表 is linked with
        if t in apps:
            scope = [(a.start, a.end) for a in facts.clauses
                     if a.kind in ("article", "section") and _linked(facts, a.start, a.end, t)]
        else:
            top = facts.clause_at(t.start)
            while top is not None and top.parent is not None and top.kind not in ("article", "section"):
                top = facts.clauses[top.parent]
            scope = [(top.start, top.end)] if top is not None else []
        for u in units(facts):
            if u.caption or any(a.start <= u.start < a.end for a in spans):
                continue
            if not any(a <= u.start < b for a, b in scope):
                continue
            for subject, total, c, d, values in cols:
                for m in ad.amount.finditer(u.text):
                    v = _amount_value(m)
                    if v == total or v in values or subject not in u.text[:m.start()]:
                        continue
                    a, b = u.start + m.start(), u.start + m.end()
                    msg = _cite_pair(facts, ad.message, (a, b), (c, d))
                    first, later = ((a, b), (c, d)) if a < c else ((c, d), (a, b))
                    yield facts.finding("contradiction", ad.id, "warning", *later, msg, ad.suggestion,
                                        [Related(*first, f"{'本文の数' if first[0] == a else '表の合計'}（{facts.clause_path(first[0]) or '表'}）")])
                    break


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


def _body_tables(facts, apps) -> list[_Span]:
    """Tables typed in the body, outside any 別表 (rows 「| クラブ名 | 定員 |」 under 3.2, or the cells a Word
    or Markdown table leaves, separated by U+3000; blank lines between rows): each from the line before
    its first row (read as a 別表's head line) to its last row."""
    hit = facts.extra.get("_body_tables")
    if hit is not None:  # every row-amount, row-count and length-cap entry reads them
        return hit
    out: list[_Span] = []
    folded = facts.folded
    prev, pos, first, last = 0, 0, None, None
    for line in folded.split("\n"):
        end = pos + len(line)
        filled = len([c for c in _CELL.split(line.strip()) if c.strip()])
        # (a row of a table already open may leave cells empty: 「合計　　1,240人　　」)
        row = line.lstrip().startswith("|") or filled >= 3 or (
            first is not None and filled >= 2 and len(_CELL.split(line.strip(" \t"))) >= 3)
        if row and not any(a.start <= pos < a.end for a in apps):
            if first is None:
                first = prev
            last = end
        elif first is not None and line.strip():
            out.append(_Span(first, last))
            first = None
        prev, pos = pos, end + 1
    if first is not None:
        out.append(_Span(first, last))
    facts.extra["_body_tables"] = out
    return out


def _row_disagreement(facts, ad: AmountTotalDef, u, col: str, rows: list, sole: bool = False) -> Iterator[Finding]:
    """The finding when sentence ``u`` names an item of ``rows`` and column ``col`` with another value;
    reported where the later of the two stands, the other related. When ``col`` is the table's only money
    column, the item alone names it (「初期導入費用は、金300,000円」 against | 初期導入費用 | 330,000円 |)."""
    # the column word nearest before an amount (前項の単価のうち、封入封緘の単価は、…8.5円), with the
    # row's item before the word; or the column word, then the item and its amount (単価は、居宅の
    # 被保険者に係るものは金八千八百円、施設…は金六千六百円: each item with the amount after it)
    hit = None
    col_rx = re.compile("|".join(map(re.escape, col.split("|"))))
    for cm in col_rx.finditer(u.text):
        m = ad.amount.search(u.text, cm.end())
        if m is not None and m.start() - cm.end() <= 12:
            hit = (cm.start(), m)
            break
    if hit is not None:
        i, m = hit
        cands = [r for r in rows if r.item in u.text[:i]]
    else:
        cm = col_rx.search(u.text)
        # without the column word, the table's only money column: the item names it, from the start
        after = cm.end() if cm is not None else 0 if sole and any(r.item in u.text for r in rows) else None
        m = ad.amount.search(u.text, after) if after is not None else None
        if m is None:
            return
        near = [(u.text.rfind(r.item, after, m.start()), r) for r in rows]
        near = [(k, r) for k, r in near if k >= 0 and m.start() - (k + len(r.item)) <= 12]
        cands = [max(near, key=lambda x: x[0])[1]] if near else []
    value = _amount_value(m)
    if not cands or any(r.value == value for r in cands):
        return
    row = max(cands, key=lambda r: _common(r.rest, u.text))
    a, b = u.start + m.start(), u.start + m.end()
    rel = facts.clause_path(a) or ""
    msg = _cite_pair(facts, ad.message, (a, b), (row.start, row.end))
    if row.start < a:  # the table stands first (a table in the body of 3.2, the text in 5.1)
        yield facts.finding("contradiction", ad.id, "warning", a, b, msg, ad.suggestion,
                            [Related(row.start, row.end, f"表の値（{facts.clause_path(row.start) or '表'}）")])
        return
    yield facts.finding("contradiction", ad.id, "warning", row.start, row.end, msg, ad.suggestion,
                        [Related(a, b, f"本文の値（{rel}）")])


@dataclass(frozen=True)
class _Frequency:
    sent: int
    unit: str
    n: float
    minimum: bool
    start: int
    end: int
    words: frozenset  # the content words of the sentence (not the parties', not the frequency's)
    act: tuple = ()  # (predicate, object) of the act the frequency times (取得, 申請データのバックアップ), if read
    label: str = ""  # a table row's first cell (実地検査 of 「実地検査	年2回	作業場所への立入り」)


def _frequencies(facts, fd: FrequencyDef) -> list[_Frequency]:
    """Every frequency the sentences state (a table row is a sentence of its own), with the words that
    name what is done that often."""
    folded = facts.folded
    parties = {fold(f) for p in facts.parties for f in p.forms}
    out = []
    for si, s in enumerate(facts.sentences):
        for m in fd.value.finditer(folded, s.start, s.end):
            unit = fd.periods.get(m.group("per"))
            if unit is None:
                continue
            words = frozenset(t.lemma for t in s.tokens if _is("noun", t.pos) and not (m.start() <= t.start < m.end())
                              and t.surface not in parties and _is("subject_word", t.surface))
            out.append(_Frequency(si, unit, _number(m.group("n")), bool(m.group("min")) if "min" in m.groupdict() else False,
                                  m.start(), m.end(), words, _timed_act(facts, si, m.end()), _row_label(folded, s)))
    return out


_ROW_CELL = re.compile(r"\t|\u3000|\|")


def _row_label(folded: str, s) -> str:
    """The first cell of a sentence that is one table row (cells split by tabs, U+3000 or bars), else ""."""
    line = folded[s.start:s.end]
    if "\n" in line.strip() or not _ROW_CELL.search(line.strip(" |")):
        return ""
    cells = [c.strip() for c in _ROW_CELL.split(line) if c.strip()]
    return cells[0] if len(cells) >= 2 else ""


def _timed_act(facts, si: int, at: int) -> tuple:
    """(predicate, object with its の-phrase) of the first act after offset ``at`` in sentence ``si``
    (「申請データのバックアップを1日1回取得し」 → (取得, 申請データのバックアップ)); () without an object."""
    props = [p for p in facts.propositions if p.sent == si]
    p = next((p for p in props if p.start >= at and not p.nominal and p.modifies is None), None)
    obj = p.arg(*OBJECT_CASES) if p is not None else None
    if obj is None:
        return ()
    of = next((q.args[0].text for q in props if q.nominal and q.end == obj.end and q.args), "")
    return (p.act, of + obj.text)


def check_frequencies(facts, lex: ConsistencyLexicon) -> Iterable[Finding]:
    """The same act said to be done a different number of times in the same period (「収納した寄附金の町への
    引渡し（毎月2回）」 / a schedule row 「毎月1回（翌月10日まで）｜前月に収納した寄附金の町への引渡し」): two
    sentences whose content words mostly coincide (three or more, three quarters of the shorter). A lower
    bound (毎月1回以上) allows more. Documents between parties only."""
    if not facts.parties:
        return
    for fd in (lex.frequencies or {}).values():
        seen = _frequencies(facts, fd)
        for i, b in enumerate(seen):
            for a in seen[:i]:
                if a.sent == b.sent or a.unit != b.unit or a.n == b.n or (a.minimum and b.n >= a.n) \
                        or (b.minimum and a.n >= b.n):
                    continue
                common = a.words & b.words
                same_act = bool(a.act) and a.act == b.act  # the same act on the same thing, however worded around
                # a table row named by its act (実地検査｜年2回) against the act of a sentence (取扱状況の実地検査を…行う)
                same_act = same_act or any(len(x.label) >= 3 and y.act and y.act[1].endswith(x.label)
                                           for x, y in ((a, b), (b, a)))
                if not same_act and (len(common) < 3 or len(common) < 0.75 * min(len(a.words), len(b.words))):
                    continue
                rel = facts.clause_path(a.start) or ""
                msg = _cite_pair(facts, fd.message, (a.start, a.end), (b.start, b.end))
                yield facts.finding("contradiction", fd.id, "warning", b.start, b.end, msg, fd.suggestion,
                                    [Related(a.start, a.end, f"同じ行為の回数（{rel or '本文'}）")])
                break


@dataclass(frozen=True)
class _Stated:
    fee: str        # the fee noun (指定管理料)
    unit: str       # its unit (年額), or ""
    modifier: str   # what stands before the fee noun in its phrase (令和9年度の), citations left out
    value: float
    sent: Any
    start: int
    end: int


def _stated_amounts(facts, ad: AmountTotalDef, spans) -> list[_Stated]:
    """Each amount the body writes right after a fee noun (指定管理料の額は、年額X円; 月額賃借料（金X円）),
    outside tables; the gap between them must match the entry's ``gap``."""
    out = []
    for u in units(facts):
        if u.caption or any(a.start <= u.start < a.end for a in spans):
            continue
        for m in ad.amount.finditer(u.text):
            before = u.text[max(0, m.start() - 24):m.start()]
            hits = [(before.rfind(w) + len(w), w) for w in ad.attributes if w in before]
            if not hits:
                continue
            end, fee = max(hits, key=lambda h: (h[0], len(h[1])))
            gap = before[end:]
            if not ad.gap.search(gap):
                continue
            head = before[:end - len(fee)]
            ends = list(_RX["clause_end"].finditer(head))
            k = ends[-1].end() if ends else 0
            around = head[k:][-4:] + fee + gap
            unit = next((q for q in ad.qualifiers if q in around), "")
            # a citation in the phrase (第５条第１項の賃借料) is where the fee was set, not another fee
            a = u.start + m.start() - len(before) + k
            b = a + len(head) - k
            node = facts.clause_at(a)  # not the label of the paragraph (２　前項の指定管理料)
            a = max(a, node.body_start or a) if node is not None else a
            cited = [(r.start, r.end) for r in facts.references if r.start < b and r.end > a]
            modifier = "".join(ch for j, ch in enumerate(facts.folded[a:b], a)
                               if not any(x <= j < y for x, y in cited))
            out.append(_Stated(fee, unit, modifier, _amount_value(m), facts.sentence_at(u.start + m.start()),
                               u.start + m.start(), u.start + m.end()))
    return out


def check_restated_amounts(facts, ad: AmountTotalDef, spans) -> Iterator[Finding]:
    """The same fee in the same unit stated twice in the body with different amounts; a modifier with a
    number (令和9年度の委託料, 第2回の支払額) names another fee unless both have the same one."""
    seen = _stated_amounts(facts, ad, spans)
    for i, later in enumerate(seen):
        for earlier in seen[:i]:
            if (earlier.fee, earlier.unit) != (later.fee, later.unit) or earlier.sent is later.sent:
                continue
            if earlier.value == later.value:
                break  # the fee restated as it was
            if earlier.modifier != later.modifier and any(
                    ch.isdigit() for ch in fold(earlier.modifier + later.modifier)):
                continue
            rel = facts.clause_path(earlier.start) or ""
            msg = _cite_pair(facts, ad.message, (earlier.start, earlier.end), (later.start, later.end))
            yield facts.finding("contradiction", ad.id, "warning", later.start, later.end, msg, ad.suggestion,
                                [Related(earlier.start, earlier.end, f"先の記載（{rel}）")])
            break


def check_amount_totals(facts, lex: ConsistencyLexicon) -> Iterable[Finding]:
    apps = [c for c in facts.clauses if c.kind == "appendix"]
    for ad in (lex.amount_totals or {}).values():
        if ad.gap is not None:
            yield from check_restated_amounts(facts, ad, list(apps) + _body_tables(facts, apps))
            continue
        if ad.columns:
            yield from check_row_amounts(facts, ad, apps)
        if ad.column_totals:
            yield from check_column_totals(facts, ad, apps)
        for value, a, b in _body_amounts(facts, ad, apps):
            top = facts.clause_at(a)  # the article (or section) that states the amount
            while top is not None and top.parent is not None and top.kind not in ("article", "section"):
                top = facts.clauses[top.parent]
            for app in apps:
                if top is None or not _linked(facts, top.start, top.end, app):
                    continue
                for total, c, d in _table_totals(facts, ad, app):
                    if total == value:
                        continue
                    rel = facts.clause_path(a) or ""
                    msg = _cite_pair(facts, ad.message, (a, b), (c, d))
                    yield facts.finding("contradiction", ad.id, "warning", c, d, msg, ad.suggestion,
                                        [Related(a, b, f"本文の金額（{rel}）")])


# ---------------------------------------------------------------------------
# time windows: the same service window stated with different hours
# ---------------------------------------------------------------------------

# a time range is ``time_range`` (9時から17時まで, 22時から翌朝6時まで), round the clock ``round_the_clock``
# (24時間365日, 24時間 but not the deadline 24時間以内, 終日, 年中無休); the days a window covers:
_DAYS = (("weekday", _RX["weekday"]), ("weekend", _RX["weekend"]), ("all", _RX["every_day"]))


def _clock(m: re.Match, g: str) -> Optional[int]:
    if m.group(g + "noon"):
        return 12 * 60
    if m.group(g + "ch"):
        return int(m.group(g + "ch")) * 60 + int(m.group(g + "cm"))
    h = kanji_to_int(m.group(g + "h"))
    if h is None:
        return None
    mins = kanji_to_int(m.group(g + "m")) if m.group(g + "m") else (30 if m.group(g + "half") else 0)
    if m.group(g + "ap") and _is("pm", m.group(g + "ap")) and h < 12:
        h += 12
    return h * 60 + (mins or 0)


@dataclass
class _Window:
    wid: str
    subject: frozenset
    days: Optional[str]
    start_min: int
    end_min: int
    start: int
    end: int


def _window_values(text: str) -> list[tuple[int, int, int, int]]:
    """(start offset, end offset, from minute, to minute) of every time range in ``text``."""
    out = []
    for m in _RX["time_range"].finditer(text):
        a, b = _clock(m, "a"), _clock(m, "b")
        if a is None or b is None:
            continue
        if b <= a:
            b += 24 * 60  # 午前6時から午前0時まで, 22時から翌朝6時まで
        out.append((m.start(), m.end(), a, b))
    for m in _RX["round_the_clock"].finditer(text):
        if any(x[0] <= m.start() < x[1] for x in out):
            continue
        out.append((m.start(), m.end(), 0, 24 * 60))
    return sorted(out)


def _okuri(s: str) -> str:
    """Nouns written with okurigana as one word (問い合わせ -> 問合, 受け付け -> 受付)."""
    return _RX["inquiry"].sub(_INQUIRY, _RX["reception"].sub(_RECEPTION, s))


# the written form each spelling is read as: the last item of its list (問合, 受付)
_INQUIRY, _RECEPTION = (_WORDS.get(n).items[-1].replace("\\", "\\\\") for n in ("inquiry_forms", "reception_forms"))


def _subject_terms(chunk: str) -> frozenset:
    """The distinguishing nouns of a subject chunk (電話による問合せ -> {電話}; 本システム -> {})."""
    words = _RX["subject_word"].findall(_okuri(chunk))
    out = set()
    for w in words:
        w = _RX["window_subject_prefix"].sub("", w)
        w = _RX["window_suffix"].sub("", w)
        # the prefix is gone, so 本システム of generic_subjects is met as システム
        if w and not _is("generic_subject", w):
            out.add(w)
    return frozenset(out)


def _window_class(lex: ConsistencyLexicon, text: str, vstart: int, vend: int, caption: str):
    """(window def, subject chunk) naming the window whose hours start at ``vstart`` in ``text``."""
    best = None
    for w in lex.windows.values():
        for word in w.words:
            for m in re.finditer(re.escape(word), text[:vstart]):
                k = m.start()
                # the nearest window noun before the value, within the same clause of the sentence
                if _RX["period"].search(text, m.end(), vstart):
                    continue
                if best is None or k > best[1]:
                    chunk = _RX["chain"].search(_RX["trailing_genitive"].sub("", _okuri(text[max(0, k - 24):k]), count=1))
                    best = (w, k, chunk.group(1) if chunk else "")
    if best is not None:
        return best[0], best[2]
    # a verb of the sentence names it (24時間365日稼働する; 午前9時から…問合せを受け付ける窓口): the nearest
    # after the value, else before it; only a sentence naming no window at all falls back to the caption
    verbs = []
    for w in lex.windows.values():
        for verb in w.verbs:
            for m in re.finditer(re.escape(verb), text):
                dist = m.start() - vend if m.start() >= vend else 1000 + (vstart - m.end())
                verbs.append((dist, w))
    if verbs:
        w = min(verbs, key=lambda x: x[0])[1]
        topic = _RX["window_topic"].match(text)
        return w, (topic.group(1) if topic else "")
    cap = fold(caption or "")
    for w in lex.windows.values():
        if any(word in cap for word in w.words):
            return w, ""
    return None


def _windows(facts, lex: ConsistencyLexicon) -> list[_Window]:
    out = []
    headers: dict[int, list[str]] = {}
    for app in facts.clauses:
        if app.kind == "appendix":
            lines = [ln for ln in facts.folded[app.start:app.end].split("\n")[1:] if ln.strip()]
            if lines:
                headers[app.start] = _CELL.split(lines[0])
    apps = [c for c in facts.clauses if c.kind == "appendix"]
    parties = frozenset(x for p in facts.parties for x in (p.label, fold(p.name or "")) if x)
    for u in units(facts):
        if u.caption:
            continue
        vals = _window_values(u.text)
        if not vals:
            continue
        art = facts.article_of(facts.clause_at(u.start))
        caption = art.caption if art is not None else ""
        app = next((c for c in apps if c.start <= u.start < c.end), None)
        prev = 0
        for vs, ve, a, b in vals:
            if app is not None and _CELL.search(u.text):
                # a table row: the window is named by the column header or another cell of the row
                cells = _CELL.split(u.text)
                col = len(_CELL.split(u.text[:vs])) - 1
                head = headers.get(app.start, [])
                named = (fold(head[col] if col < len(head) else ""), fold(u.text))  # no window word spans both
                cls = next(((w, cells[0] if col > 0 else "") for w in lex.windows.values()
                            if any(word in part for word in w.words for part in named)), None)
                # no window noun: a verb of the row names it (「ヘルプデスク　問合せ受付　平日9時から17時まで」)
                cls = cls or next(((w, cells[0] if col > 0 else "") for w in lex.windows.values()
                                   if any(v in named[1] for v in w.verbs)), None)
            else:
                cls = _window_class(lex, u.text, vs, ve, caption)
            if cls is None:
                prev = ve
                continue
            w, chunk = cls
            # a parenthesis names the days left out (平日（土曜日、日曜日…を除く。）の), not the days of the window
            seg = _PAREN.sub("", u.text[prev:vs])
            days = None
            for name, rx in _DAYS:
                if rx.search(seg) or (name == "all" and rx.search(u.text[ve:ve + 6])):
                    days = name
            if days is None and _RX["all_year"].search(u.text, vs, ve):
                days = "all"
            # a party is who keeps the window, not which window it is (乙は、…平日の9時から17時まで受け付ける)
            out.append(_Window(w.id, _subject_terms(chunk) - parties, days, a, b, u.start + vs, u.start + ve))
            prev = ve
    return out


def _same_table(facts, a: int, b: int) -> bool:
    return any(c.kind == "appendix" and c.start <= a < c.end and c.start <= b < c.end for c in facts.clauses)


def _subjects_meet(a: frozenset, b: frozenset) -> bool:
    """A common noun, or one inside the other (障害 and 障害受付)."""
    return bool(a & b) or any(len(x) >= 2 and len(y) >= 2 and (x in y or y in x) for x in a for y in b)


def _days_overlap(a: Optional[str], b: Optional[str]) -> bool:
    if a is None or b is None or a == "all" or b == "all":
        return True
    return a == b


def check_time_windows(facts, lex: ConsistencyLexicon) -> Iterable[Finding]:
    wins = _windows(facts, lex)
    reported = set()
    for i, later in enumerate(wins):
        for earlier in wins[:i]:
            if earlier.wid != later.wid or facts.sentence_at(earlier.start) is facts.sentence_at(later.start):
                continue
            if _same_table(facts, earlier.start, later.start):
                continue  # two rows of one table are two windows (重大障害 and 軽微な障害)
            if earlier.subject and later.subject and not _subjects_meet(earlier.subject, later.subject):
                continue  # 電話の受付時間 and 電子メールの受付時間 are different windows
            if not _days_overlap(earlier.days, later.days):
                continue
            if (earlier.start_min, earlier.end_min) == (later.start_min, later.end_min):
                continue
            if later.start in reported:
                continue
            reported.add(later.start)
            w = lex.windows[later.wid]
            rel_path = facts.clause_path(earlier.start) or ""
            msg = _cite_pair(facts, w.message.replace("{name}", w.name), (earlier.start, earlier.end),
                             (later.start, later.end))
            yield facts.finding("contradiction", w.id, "warning", later.start, later.end, msg, w.suggestion,
                                [Related(earlier.start, earlier.end, f"先の記載（{rel_path}）")])
            break


# ---------------------------------------------------------------------------
# measures: the same length of time stated twice with different values
# ---------------------------------------------------------------------------

def _owner_terms(owner: str) -> frozenset:
    parts = _RX["coordination_split"].split(owner)
    out = set()
    for p in parts:
        p = _RX["owner_prefix"].sub("", p.strip())
        if p and not _is("party", p):
            out.add(p)
    return frozenset(out)


def _owners_meet(a: frozenset, b: frozenset) -> bool:
    for x in a:
        for y in b:
            if x == y or (len(y) >= 3 and x.endswith(y)) or (len(x) >= 3 and y.endswith(x)):
                return True
    return False


@dataclass
class _M:
    mid: str
    owner: frozenset
    length: Any
    start: int
    end: int
    table: bool


@lru_cache(maxsize=4096)
def _lengths(text: str, ranges: bool) -> tuple:
    """The lengths of time in a sentence or cell, read once for every measure that asks."""
    from ..dates import find_lengths

    return tuple(find_lengths(text, ranges=ranges))


def _measure_mentions(facts, md: MeasureDef) -> list[_M]:
    out: list[_M] = []
    apps = [c for c in facts.clauses if c.kind == "appendix"]
    headers = _table_headers(facts, apps)
    for u in units(facts):
        if u.caption:
            continue
        app = next((c for c in apps if c.start <= u.start < c.end), None)
        if app is not None and _CELL.search(u.text):
            out += _row_mentions(md, u, headers.get(app.start, []))
            continue
        lengths = _lengths(u.text, md.document_level)
        if not lengths:
            continue
        used: set[int] = set()
        out += _attribute_mentions(md, u, lengths, used)
        out += _verb_mentions(md, u, lengths, used, facts)
    out.sort(key=lambda x: x.start)
    return out


def _table_headers(facts, apps) -> dict[int, list[str]]:
    """The cells of the first non-empty line of each 別表 (its column headers), by the 別表's start."""
    headers: dict[int, list[str]] = {}
    for app in apps:
        lines = [ln for ln in facts.folded[app.start:app.end].split("\n")[1:] if ln.strip()]
        if lines:
            headers[app.start] = _CELL.split(lines[0])
    return headers


def _row_mentions(md: MeasureDef, u, head: list[str]) -> list[_M]:
    """A table row: the attribute is the column header or the first cell (非常用発電機の連続運転時間　48時間)."""
    out: list[_M] = []
    cells = _CELL.split(u.text)
    off = 0
    for ci, cell in enumerate(cells):
        for ln in _lengths(cell, md.document_level):
            colh = fold(head[ci]) if ci < len(head) else ""
            first = cells[0] if ci > 0 else ""
            attr = next((w for w in md.attributes if w in colh), None)
            owner = first
            if attr is None:
                attr = next((w for w in md.attributes if w in first), None)
                owner = first[:first.find(attr)] if attr else ""
            if attr is None or (head and cells == head):
                continue
            owner = _RX["genitive_end"].sub("", owner.strip())
            out.append(_M(md.id, _owner_terms(owner), ln, u.start + off + ln.start, u.start + off + ln.end,
                          True))
        off += len(cell) + 1
    return out


def _attribute_mentions(md: MeasureDef, u, lengths, used: set[int]) -> list[_M]:
    """Attribute form: 「非常用発電機の連続運転時間は、72時間以上とする」「指定期間（三年間）」「三年間の指定期間」."""
    out: list[_M] = []
    t = u.text
    for w in md.attributes:
        for m in re.finditer(re.escape(w), t):
            if _RX["attribute_not_length"].match(t, m.end()):
                continue
            if md.document_level and m.start() > 0 and t[m.start() - 1] == "(":
                continue  # 「プライバシーマーク（有効期間：…）」: a note on the thing before it, not the document's period
            own = _RX["owner_tail"].search(t, 0, m.start())
            owner = own.group(1) if own and _RX["owner_end"].search(t, 0, m.start()) else ""
            pick = None
            for ln in lengths:
                if ln.start >= m.end() and ln.start - m.end() <= 40:
                    if _RX["period"].search(t, m.end(), ln.start) or _RX["new_topic"].search(t, m.end() + 1, ln.start) \
                            or _RX["proviso"].search(t, m.end(), ln.start):
                        break
                    pick = ln
                    break
                if ln.end <= m.start() and _RX["genitive_gap"].fullmatch(t, ln.end, m.start()):
                    pick = ln
            if pick is None or pick.start in used:
                continue
            if _RX["length_change"].match(t, pick.end):
                continue  # 「有効期間を1年間延長する」: how much it is extended by, not the period's length
            used.add(pick.start)
            out.append(_M(md.id, _owner_terms(owner), pick, u.start + pick.start, u.start + pick.end, False))
    return out


def _verb_mentions(md: MeasureDef, u, lengths, used: set[int], facts=None) -> list[_M]:
    """Verb form: 「入退館記録は、記録の日から1年間保存する」「監視カメラの映像を1年間保存しなければならない」."""
    out: list[_M] = []
    t = u.text
    for ln in lengths:
        if ln.start in used or not md.verbs:
            continue
        if not _verbs_rx(md.verbs).match(t[ln.end:ln.end + 16]):
            continue
        if _RX["elapsed"].search(t, max(0, ln.start - 6), ln.start):
            continue
        owner = _cited_owner(facts, u.start, u.start + ln.start) if md.cited_owner and facts is not None else frozenset()
        if not owner:
            raw = _topic_owner(t, ln.start)
            owner = _owner_terms(raw) | _listed_owners(facts, u, t, raw, ln.start)
        if not owner:
            continue
        used.add(ln.start)
        out.append(_M(md.id, owner, ln, u.start + ln.start, u.start + ln.end, False))
    return out


def _listed_owners(facts, u, t: str, raw: str, end: int) -> frozenset:
    """「次に掲げるログを取得し、1年間保存すること。(ア) 操作ログ (イ) アクセスログ」: the owner named by a
    list lead is each thing the items right after the sentence list (their own sub-items aside)."""
    if facts is None or not raw or not any(m.group(1) == raw for m in _RX["list_lead"].finditer(t, 0, end)):
        return frozenset()
    end_of_lead = u.start + len(t)
    k = next((i for i, c in enumerate(facts.clauses) if c.start >= end_of_lead), None)
    first = facts.clauses[k] if k is not None else None
    if first is None or first.kind not in ("item", "subitem"):
        return frozenset()
    out: set[str] = set()
    for c in facts.clauses[k:]:
        if c.kind not in ("item", "subitem"):
            continue
        if c.parent != first.parent:
            if c.depth <= first.depth:
                break
            continue  # an item's own sub-items
        lo = (c.label_start if c.label_start is not None else c.start) + len(c.label or "")
        line = facts.folded[lo:c.end].split("\n")[0].strip()
        out |= _owner_terms(_RX["item_owner"].sub("", line))
    return frozenset(out)


def _topic_owner(t: str, end: int) -> str:
    """The last topic or object before ``end`` that is not a party (入退館記録は / 映像を)."""
    owner = ""
    for om in _RX["owner_topic"].finditer(t, 0, end):
        cand = om.group(1)
        if _is("party", _RX["genitive_split"].split(cand)[-1]) or _is("party", cand):
            continue
        owner = cand
    return owner


def _cited_owner(facts, start: int, end: int) -> frozenset:
    """The provisions cited between ``start`` and ``end`` (every article of a range 第3条から第8条まで),
    as clause keys; empty when nothing there cites a provision of this document."""
    keys: set[int] = set()
    refs = [r for r in facts.references if start <= r.start < end and r.target is not None
            and facts.clauses[r.target].start != r.start]  # not the article's own label
    for r in refs:
        keys.update(r.targets or (r.target,))
    for a, b in zip(refs, refs[1:]):
        if _RX["range_between"].fullmatch(facts.folded, a.end, b.start) and b.target > a.target:
            kind = facts.clauses[a.target].kind
            keys.update(k for k in range(a.target, b.target) if facts.clauses[k].kind == kind)
    return frozenset(f"#{k}" for k in keys)


def _owner_note(facts, md: MeasureDef, owner: frozenset) -> str:
    """The owner as a reader names it: its nouns, or the cited provisions (第1条・第2条) by their paths
    in the entry's ``owner_name``."""
    joiner = _WORDS.get("owner_joiner").items[0]
    cited = sorted(int(k[1:]) for k in owner if k.startswith("#"))
    if cited:
        return md.owner_name.replace("{owners}", joiner.join(facts.clauses[k].path for k in cited))
    return joiner.join(sorted(owner))


def _table_lengths(facts, attribute: str, apps) -> list[tuple[float, int, int]]:
    """(hours, start, end) of every row's length in a table column whose header ends with ``attribute``
    (| 設置場所 | … | 録画の保存期間 |)."""
    from ..dates import find_lengths

    out = []
    for t in list(apps) + _body_tables(facts, apps):
        lines = _app_lines(facts, t)[1:]
        rows = [(pos, _row_cells(ln)) for pos, ln in lines if len(_row_cells(ln)) >= 2]
        if len(rows) < 2:
            continue
        cols = [ci for ci, h in enumerate(rows[0][1]) if _PAREN.sub("", h).strip().endswith(attribute)]
        for pos, cells in rows[1:]:
            off = pos + (1 if facts.folded.startswith("|", pos) else 0)
            for ci, cell in enumerate(cells):
                if ci in cols:
                    out.extend((x.hours, off + x.start, off + x.end) for x in find_lengths(cell, ranges=False))
                off += len(cell) + 1
    return out


def check_length_caps(facts, md: MeasureDef, apps) -> Iterator[Finding]:
    """A cap the body puts on a length for every object (「画像の保存期間は、…いずれの設置場所においても、
    …14日を超えないものとする」) that a row of a table column on that length exceeds (| 西岡駅前… | 30日 |)."""
    from ..dates import find_lengths

    for u in units(facts):
        if u.caption or any(a.start <= u.start < a.end for a in apps):
            continue
        attr = next((w for w in md.attributes if w in u.text), None)
        if attr is None or not _RX["universal"].search(u.text):
            continue
        cap = next((x for x in find_lengths(u.text, ranges=False) if x.bound == "max"), None)
        if cap is None:
            continue
        for hours, a, b in _table_lengths(facts, attr, apps):
            if hours > cap.hours:
                rel = facts.clause_path(u.start + cap.start) or ""
                yield facts.finding("contradiction", md.id, "warning", a, b,
                                    md.message.replace("{related}", f"{rel}「{u.text[cap.start:cap.end]}」")
                                    .replace("{quote}", f"「{facts.text[a:b]}」").replace("{name}", attr),
                                    md.suggestion, [Related(u.start + cap.start, u.start + cap.end, f"上限（{rel}）")])


def check_measures(facts, lex: ConsistencyLexicon) -> Iterable[Finding]:
    from ..dates import lengths_disagree

    apps = [c for c in facts.clauses if c.kind == "appendix"]
    for md in (lex.measures or {}).values():
        if md.attributes:
            yield from check_length_caps(facts, md, apps)
        mentions = _measure_mentions(facts, md)
        if md.ended_by:
            yield from _ended_early(facts, md, mentions)
        reported = set()
        for i, later in enumerate(mentions):
            for earlier in mentions[:i]:
                if facts.sentence_at(earlier.start) is facts.sentence_at(later.start):
                    continue
                if earlier.table and later.table and facts.clause_at(earlier.start) is facts.clause_at(later.start):
                    continue  # rows of one table give values for different things
                if md.document_level:
                    if earlier.owner and later.owner and not _owners_meet(earlier.owner, later.owner):
                        continue
                elif not _owners_meet(earlier.owner, later.owner):
                    continue
                if not lengths_disagree(earlier.length, later.length):
                    continue
                if later.start in reported:
                    continue
                reported.add(later.start)
                rel_path = facts.clause_path(earlier.start) or ""
                owner_note = _owner_note(facts, md, later.owner & earlier.owner or later.owner or earlier.owner)
                name = f"{owner_note}の{md.name}" if owner_note and not md.document_level else md.name
                msg = _cite_pair(facts, md.message.replace("{name}", name), (earlier.start, earlier.end),
                                 (later.start, later.end))
                yield facts.finding("contradiction", md.id, "warning", later.start, later.end, msg, md.suggestion,
                                    [Related(earlier.start, earlier.end, f"先の記載（{rel_path}）")])
                break


def _ending_limits(facts, md: MeasureDef) -> list[tuple[str, frozenset, float, int, int]]:
    """(anchor, owner, hours, start, end) of each body deadline to end a kept thing (「分析報告書の提出の日から
    3月以内に、健診データ及び仮名加工情報を消去し」): the owner is what stands between the deadline and the verb."""
    from .. import timeexpr

    out = []
    apps = [(c.start, c.end) for c in facts.clauses if c.kind == "appendix"]
    verbs = re.compile("|".join(map(re.escape, md.ended_by)))
    for u in units(facts):
        if u.caption or any(a <= u.start < b for a, b in apps):
            continue
        t = u.text
        for x in timeexpr.find(t, 0, len(t)):
            if x.kind != "period" or x.hours is None or _is("before_event", x.text):
                continue
            lead = _period_lead(x)
            if not lead:
                continue
            anchor = _anchor(t[max(0, x.start - 20):x.start] + lead.group(0))
            seg = _act_segment(t, x.end)
            vm = verbs.search(seg)
            if not anchor or vm is None:
                continue
            owner = _owner_terms(_topic_owner(seg, vm.start()))
            if owner:
                out.append((anchor, owner, x.hours, u.start + x.start + len(lead.group(0)), u.start + x.end))
    return out


def _ended_early(facts, md: MeasureDef, mentions: list[_M]) -> Iterable[Finding]:
    """A thing kept for a length from an event (健診データを提出の日から6月間保存) and ended before that
    length is over, counted from the same event (提出の日から3月以内に消去): both cannot hold."""
    limits = _ending_limits(facts, md)
    if limits:
        for m in mentions:
            if m.table or m.length.bound == "max":
                continue
            anchor = _anchor(facts.folded[max(0, m.start - 20):m.start])
            for a, owner, hours, start, end in limits:
                if not anchor or not (a.endswith(anchor) or anchor.endswith(a)) or not _owners_meet(owner, m.owner):
                    continue
                if hours >= m.length.interval[0]:
                    continue
                rel_path = facts.clause_path(m.start) or ""
                msg = md.ended_message.replace("{name}", _owner_note(facts, md, m.owner & owner or m.owner)).replace(
                    "{related}", f"{rel_path}「{facts.text[m.start:m.end]}」").replace(
                    "{quote}", f"「{facts.text[start:end]}」")
                yield facts.finding("contradiction", md.id, "warning", start, end, msg, md.suggestion,
                                    [Related(m.start, m.end, f"保存の期間（{rel_path}）")])


# ---------------------------------------------------------------------------
# exclusive places: 「XはAにおいてのみ取り扱う」 vs 「XをBにおいて保管する」
# ---------------------------------------------------------------------------


def _obj_terms(obj: str) -> frozenset:
    # the head noun of each coordinated object (甲から貸与された住民情報 -> 住民情報)
    out = set()
    for p in _RX["coordination_split"].split(obj):
        p = _RX["object_modifier"].sub("", p.strip()) or p.strip()
        p = _RX["object_prefix"].sub("", p)
        p = _RX["object_etc"].sub("", p)
        if p and not _is("party", p):
            out.add(p)
    return frozenset(out)


def _place_norm(p: str) -> str:
    p = _PAREN.sub("", p)  # an address in parentheses: 東雲計算センター（港町四丁目5番6号）の入力作業室
    return _RX["place_prefix"].sub("", _RX["place_suffix"].sub("", _RX["place_trim"].sub("", p)))


def _objects_meet(ed: ExclusiveDef, only: frozenset, at: frozenset) -> bool:
    """The same object, or the whole work (本業務) and a part of it named by a work noun (入力作業)."""
    if _owners_meet(only, at):
        return True
    return any(ed.whole_work.fullmatch(a) for a in only) and any(ed.work_parts.search(b) for b in at)


def _manner(facts, start: int, end: int) -> bool:
    """The "place" is a manner word (適正に取り扱う, 厳重に保管する): its last token is a na-adjective."""
    toks = facts.tokens_in(start, end)
    return bool(toks) and _is("manner_pos", toks[-1].pos)


def _places_compatible(only: str, at: str, generic: re.Pattern) -> bool:
    # 「本庁舎1階　市民課窓口」 and 「本庁舎1階の市民課窓口」 name one place
    a, b = (_RX["place_links"].sub("", _place_norm(x)) for x in (only, at))
    if not a or not b or a in b or b in a:
        return True
    return bool(generic.search(at))


def _captioned_places(facts, ed: ExclusiveDef) -> list[tuple[frozenset, str, int, int]]:
    """(object, place, start, end) of each section captioned as the place of the work (（履行場所）) whose
    first body line names a place alone (no sentence: 桜沢市役所本庁舎1階 市民課窓口（…）)."""
    if not ed.place_captions or not ed.place_object:
        return []
    out = []
    for c in facts.clauses:
        if not c.caption or not any(w in fold(c.caption) for w in ed.place_captions):
            continue
        body = facts.folded[c.body_start or c.start:c.end]
        lines = [ln for ln in body.split("\n") if ln.strip()]
        if lines and fold(c.caption).strip("()") in lines[0]:
            lines = lines[1:]  # a section whose caption shares its label's line (1.1　履行場所)
        if not lines:
            continue
        line = lines[0].strip()
        a = (c.body_start or c.start) + body.find(line)
        place = _PAREN.sub("", line).strip()
        if not place or len(place) > 40 or _is("period", place) or _RX["coordination_split"].search(place):
            continue
        out.append((_obj_terms(ed.place_object), place, a, a + len(line.rstrip())))
    return out


def check_exclusive_places(facts, lex: ConsistencyLexicon) -> Iterable[Finding]:
    for ed in (lex.exclusives or {}).values():
        onlys, ats = [], []
        for u in units(facts):
            if u.caption:
                continue
            for rx in ed.only:
                for m in rx.finditer(u.text):
                    onlys.append((_obj_terms(m.group("obj")), m.group("place"), u.start + m.start("place"),
                                  u.start + m.end()))
            for rx in ed.at:
                for m in rx.finditer(u.text):
                    if _RX["exclusive"].search(u.text, m.start(), m.end() + 6) \
                            or _manner(facts, u.start + m.start("place"), u.start + m.end("place")):
                        continue
                    ats.append((_obj_terms(m.group("obj")), m.group("place"), u.start + m.start("place"),
                                u.start + m.end()))
        ats += _captioned_places(facts, ed)
        if not onlys or not ats:
            continue
        done = set()
        for obj_b, place_b, sb, eb in ats:
            for obj_a, place_a, sa, ea in onlys:
                if facts.sentence_at(sa) is facts.sentence_at(sb) or not _objects_meet(ed, obj_a, obj_b):
                    continue
                if _places_compatible(place_a, place_b, ed.generic_places):
                    continue
                if sb in done:
                    continue
                done.add(sb)
                (la, lb), (ra, rb) = ((sb, eb), (sa, ea)) if sb > sa else ((sa, ea), (sb, eb))
                rel_path = facts.clause_path(ra) or ""
                msg = _cite_pair(facts, ed.message, (ra, rb), (la, lb)).replace("{object}", "・".join(sorted(obj_a & obj_b or obj_a)))
                yield facts.finding("contradiction", ed.id, "warning", la, lb, msg, ed.suggestion,
                                    [Related(ra, rb, f"先の記載（{rel_path}）")])
                break


# ---------------------------------------------------------------------------
# stale_certification
# ---------------------------------------------------------------------------


def _cert_mentions(facts, lex: ConsistencyLexicon) -> list[tuple[Scheme, int, int]]:
    found = []
    for sch in lex.schemes.values():
        for m in sch.pattern.finditer(facts.folded):
            found.append((sch, m.start(), m.end()))
    found.sort(key=lambda x: (x[1], -x[2]))  # the longer name wins (ISMSクラウドセキュリティ認証 over ISMS)
    merged: list[tuple[Scheme, int, int]] = []
    for sch, a, b in found:
        if merged and merged[-1][0].id == sch.id and a - merged[-1][2] <= 3:
            merged[-1] = (sch, merged[-1][1], b)
        elif merged and merged[-1][1] <= a < merged[-1][2]:
            continue
        else:
            merged.append((sch, a, b))
    return merged


def _cert_unit(facts, a: int) -> tuple[int, int]:
    """The sentence (a line of an item or table row) that cites the certification."""
    s = facts.sentence_at(a)
    return (s.start, s.end) if s is not None else (a, min(len(facts.folded), a + 80))


def _date_phrase_end(facts, end: int, hi: int) -> int:
    """End of 「2011年6月初回登録」 after the date itself."""
    m = _RX["cert_date_tail"].match(facts.folded, end, hi)
    return m.end() if m else end


def check_certifications(facts, lex: ConsistencyLexicon, ctx) -> Iterable[Finding]:
    mentions = _cert_mentions(facts, lex)
    if not mentions:
        return
    doc_date = document_date(facts)
    ref = doc_date or _today(ctx)
    ref_label = f"文書の日付（{_jdate(ref)}）" if doc_date else f"今日（{_jdate(ref)}）"
    # coordinated names share what follows the last of them: 「ISO/IEC 27001及びISO/IEC 27017の認証（2016年取得）」
    shared_to = list(range(len(mentions)))
    for i in range(len(mentions) - 2, -1, -1):
        gap = facts.folded[mentions[i][2]:mentions[i + 1][1]]
        if _RX["cert_coordination"].fullmatch(gap):
            shared_to[i] = shared_to[i + 1]
    for i, (sch, a, b) in enumerate(mentions):
        lo, hi = _cert_unit(facts, a)
        prev_end = max([m[2] for m in mentions[:i] if m[2] <= a] + [lo])
        j = shared_to[i]
        nxt = min([m[1] for m in mentions[j + 1:] if m[1] >= mentions[j][2]] + [hi])
        # text before the mention belongs to it only back to the last separator (2014年にプライバシーマーク,
        # but not 「27001認証（有効期限：…）及びプライバシーマーク」)
        seps = [m.end() for m in _RX["cert_separator"].finditer(facts.folded[max(lo, prev_end):a])]
        lo = max(lo, prev_end) + (seps[-1] if seps else 0)
        hi = min(hi, nxt)
        dates = find_dates(facts.text, lo, hi)
        if not dates:
            continue
        text = facts.folded[lo:hi]
        end_date = None
        for mk in lex.end_markers:
            k = text.find(mk)
            if k >= 0:
                after = [d for d in dates if d.start >= lo + k]
                if after:
                    end_date = max(d.last_day for d in after)
        quote = facts.text[a:b]
        if end_date is not None:
            if doc_date is not None and end_date < doc_date:
                msg = lex.cert_message_expired.replace("{quote}", quote).replace("{end}", _jdate(end_date)).replace(
                    "{ref}", _jdate(doc_date))
                yield facts.finding("stale_certification", sch.id, "warning", a, b, msg, lex.cert_suggestion)
            continue
        if any(mk in text for mk in lex.renewal_markers):
            renewal = [d for d in dates if _RX["renewal_date"].search(facts.folded, max(lo, d.start - 8), d.start)]
            if not renewal:
                continue
        latest = max(d.last_day for d in dates)
        if add_years(latest, sch.cycle_years) >= ref:
            continue
        dates_note = "、".join(d.text for d in dates)
        msg = (lex.cert_message.replace("{quote}", quote).replace("{dates}", dates_note).replace("{scheme}", sch.name)
               .replace("{cycle}", str(sch.cycle_years)).replace("{ref}", ref_label))
        # the finding covers the scheme and the date that makes it stale (「ISO/IEC 27001（2011年初回登録）」):
        # the date is what the reviewer points at
        last = max(dates, key=lambda d: d.last_day)
        fa, fb = min(a, last.start), max(b, _date_phrase_end(facts, last.end, hi))
        if fb < len(facts.folded) and facts.folded[fb] == ")" and facts.folded.count("(", fa, fb) > \
                facts.folded.count(")", fa, fb):
            fb += 1  # close the bracket the date stands in
        yield facts.finding("stale_certification", sch.id, "warning", fa, fb, msg, lex.cert_suggestion)


# ---------------------------------------------------------------------------
# entry point
# ---------------------------------------------------------------------------


def _is_statute(facts) -> bool:
    prof = facts.extra.get("profile") or {}
    return isinstance(prof, dict) and prof.get("kind") == "statute"


def check(facts, ctx) -> Iterable[Finding]:
    lex = lexicon_for(ctx)
    out: list[Finding] = []
    select = getattr(ctx, "select", None)
    if select is None or "empty_heading" in select:
        out.extend(check_empty_heading(facts, lex))
        out.extend(check_announced_lists(facts))
    if (select is None or "contradiction" in select) and not _is_statute(facts):
        out.extend(check_pairs(facts, lex))
        out.extend(check_quantities(facts, lex))
        out.extend(check_time_windows(facts, lex))
        out.extend(check_measures(facts, lex))
        out.extend(check_exclusive_places(facts, lex))
        out.extend(check_permissions(facts, lex))
        out.extend(check_deadlines(facts, lex))
        out.extend(check_term_dates(facts, lex))
        out.extend(check_amount_totals(facts, lex))
        out.extend(check_frequencies(facts, lex))
    if select is None or "stale_certification" in select:
        out.extend(check_certifications(facts, lex, ctx))
    # one contradiction per statement: a place named by both a pair (国内のみ／海外) and the general
    # exclusive-place rule is reported once (the more specific pair comes first)
    seen: list[tuple[int, int]] = []
    kept = []
    for f in out:
        if f.rule == "contradiction":
            if any(a < f.end and f.start < b for a, b in seen):
                continue
            seen.append((f.start, f.end))
        kept.append(f)
    return kept


# ---------------------------------------------------------------------------
# examples
# ---------------------------------------------------------------------------


def example_document(text: str) -> str:
    """An example body as a small document (title line + blank line) like the corpus TXT."""
    return f"{EXAMPLE_TITLE}\n\n" + text.strip("\n") + "\n"


EXAMPLE_TITLE = "例文書"  # the title line of an example document
