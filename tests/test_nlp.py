from shinsa import nlp
from shinsa.textnorm import fold


def test_pipeline_built_once():
    assert nlp.get_nlp() is nlp.get_nlp()


def test_sentences_split_outside_brackets():
    text = "乙は、個人情報（住所、氏名等をいう。以下同じ。）を保護する。甲は、確認する。\n２　次の"
    spans = list(nlp.split_sentences(text))
    got = [text[a:b] for a, b in spans]
    assert got == ["乙は、個人情報（住所、氏名等をいう。以下同じ。）を保護する。", "甲は、確認する。", "２　次の"]


def test_tokens_have_absolute_offsets_and_normalized_forms():
    text = "前文。\n事故が発生したときは、すみやかに報告しなければならない。"
    sents = nlp.sentences(fold(text))
    assert len(sents) == 2
    toks = sents[1].tokens
    for t in toks:
        assert text[t.start:t.end] == t.surface
    norms = [t.norm for t in toks]
    assert "速やか" in norms


def test_long_line_is_chunked():
    text = "あ" * 30_000
    toks = nlp.tokenize_span(text, 0, len(text))
    assert toks[0].start == 0 and toks[-1].end == len(text)


def test_token_offsets_are_sudachis_own():
    """Tokens are built from each morpheme's end alone (they cover the text without gaps): their
    offsets must be Sudachi's begin/end, over spaces, unknown words, symbols and a chunked line."""
    text = fold("乙は、　ＡＢＣ　ｘｙｚ😀データを2024年3月31日までに返還する。 \t 甲　は　確認する。" * 400)
    toks = nlp.tokenize_span(text, 5, len(text) - 3)
    tok = nlp._sudachi()
    want, pos = [], 5
    while pos < len(text) - 3:
        stop = min(len(text) - 3, pos + nlp._MAX_CHARS)
        want += [(pos + m.begin(), pos + m.end()) for m in tok.tokenize(text[pos:stop])]
        pos = stop
    assert [(t.start, t.end) for t in toks] == want
    assert all(text[t.start:t.end] == t.surface for t in toks)


def test_tokenizer_is_spacys_japanese_tokenizer():
    """Our Sudachi tokenizer is configured as spaCy's Japanese language configures its own."""
    import spacy

    text = "乙は、個人情報の漏えい等の事故が発生したときは、速やかに甲に報告しなければならない。"
    ours = [(m.surface(), m.part_of_speech(), m.normalized_form()) for m in nlp.tokenizer().tokenize(text)]
    theirs = [(m.surface(), m.part_of_speech(), m.normalized_form())
              for m in spacy.blank("ja").tokenizer.tokenizer.tokenize(text)]
    assert ours == theirs


def test_scan_does_not_import_spacy(tmp_path):
    import subprocess
    import sys

    draft = tmp_path / "one.txt"
    draft.write_text("第1条　乙は、速やかに甲に報告する。\n", encoding="utf-8")
    code = ("import sys; from shinsa.cli import main; main(['scan', sys.argv[1], '--fail-on', 'never']); "
            "print('SPACY' if 'spacy' in sys.modules else 'NO-SPACY')")
    got = subprocess.run([sys.executable, "-c", code, str(draft)], capture_output=True, text=True, timeout=120)
    assert got.stdout.strip().endswith("NO-SPACY"), got.stdout + got.stderr
