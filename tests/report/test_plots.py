from sleepy.report.plots import sample_sizes


def test_legend_shows_the_range_of_sample_sizes_when_cycles_differ() -> None:
    assert sample_sizes([12, 40, 40]) == "12-40"
    assert sample_sizes([6, 6]) == "6"
    assert sample_sizes([0, 6]) == "6"  # a cycle that measured nothing does not count
    assert sample_sizes([]) == "0"
