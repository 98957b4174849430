import jieba

from portal.search.analysis import AutocompleteAnalyzer, ChineseAnalyzer, segment, setup_jieba


def words(text, **kwargs):
    return [token.text for token in ChineseAnalyzer(**kwargs)(text)]


def test_a_word_inside_a_longer_word_is_a_token():
    assert "公约" in words("幸福社区居民公约")
    assert "工地" in words("青春期的孩子在建筑工地附近")
    assert "建筑工地" in words("青春期的孩子在建筑工地附近")


def test_english_is_lowercased_and_stemmed_in_the_same_field():
    assert words("Meetings of 居委会") == words("meeting OF 居委会")


def test_punctuation_and_spaces_are_not_tokens():
    assert words("公约：表决， 通过！") == ["公约", "表决", "通过"]


def test_offsets_point_at_the_token_in_the_text():
    text = "召开 Residents 议事会"
    for token in ChineseAnalyzer()(text, chars=True):
        assert text[token.startchar : token.endchar].lower().startswith(token.text[:3])


def test_positions_count_the_finest_split_so_phrases_cross_jieba_words():
    # jieba reads 流动人口 as one word; its parts get consecutive positions.
    units = [(s.text, s.pos) for s in segment("流动人口管理") if s.is_unit]
    assert units == [("流动", 0), ("人口", 1), ("管理", 2)]
    whole = next(s for s in segment("流动人口管理") if s.text == "流动人口")
    assert whole.pos == 0 and not whole.is_unit


def test_phrase_analysis_keeps_only_units():
    assert words("建筑工地", units_only=True) == ["建筑", "工地"]


def test_autocomplete_indexes_leading_characters():
    grams = [token.text for token in AutocompleteAnalyzer()("议事会 Voting")]
    assert {"议", "议事", "议事会", "v", "vot", "voting"} <= set(grams)


def test_jieba_caches_outside_site_packages(tmp_path):
    setup_jieba(tmp_path)
    assert "site-packages" not in str(jieba.dt.tmp_dir or "")
