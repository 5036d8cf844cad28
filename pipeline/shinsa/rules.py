"""The stable rule ids (contract) and their explanations.

Like ruff's rule table: ids never change meaning and are never reused. Each
rule's ``doc`` follows the same headings (何を検出するか / なぜ問題か / 例 /
修正例) and ``shinsa explain RULE`` prints it. ``status`` is ``stable`` once a
check module implements the rule, ``planned`` before.
"""

from __future__ import annotations

from dataclasses import dataclass

DOC_HEADINGS = ("何を検出するか", "なぜ問題か", "例", "修正例")


@dataclass(frozen=True)
class Rule:
    id: str
    name: str  # Japanese name shown in reports
    group: str  # wording | definitions | references | parties | coverage
    since: str = "0.1.0"


RULES: dict[str, Rule] = {r.id: r for r in [
    Rule("vague_wording", "あいまいな表現", "wording"),
    Rule("conditional_mandatory", "必須事項の条件表現", "wording"),
    Rule("deadline_missing", "期限のない義務", "wording"),
    Rule("ika_onaji_no_antecedent", "受け先のない「以下同じ」", "definitions"),
    Rule("unused_definition", "使われない定義", "definitions"),
    Rule("undefined_term_use", "定義前の用語使用", "definitions"),
    Rule("term_scope_mismatch", "定義が及ばない類似語", "definitions"),
    Rule("duplicate_definition", "用語の重複定義", "definitions"),
    Rule("dangling_reference", "存在しない条項への参照", "references"),
    Rule("numbering_gap", "条項番号の飛び・重複", "references"),
    Rule("one_sided_exemption", "一方的な免責・責任制限", "parties"),
    Rule("unilateral_right", "一方のみの権利", "parties"),
    Rule("party_role_inversion", "甲乙の取り違え", "parties"),
    Rule("conjunction_misuse", "接続詞の誤用", "wording"),
    Rule("placeholder_leftover", "未記入・仮置きの残り", "wording"),
    Rule("empty_heading", "中身のない見出し", "coverage"),
    Rule("contradiction", "矛盾する記載", "coverage"),
    Rule("stale_certification", "有効性の不明な認証", "coverage"),
    Rule("missing_clause", "欠けている条項", "coverage"),
    Rule("stale_reference", "番号変更に追随していない参照", "references", since="0.2.0"),
]}
