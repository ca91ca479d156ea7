"""what3words addresses and Ordnance Survey grid references."""

from anonymise.text.recognisers.grid_reference import GridReferenceRecogniser


def _found(text):
    return {(d.text, d.rule) for d in GridReferenceRecogniser().find(text)}


def test_what3words_written_and_spoken():
    assert _found("w3w ///crisp.window.ledge. Came") == {("///crisp.window.ledge", "what3words")}
    assert _found("it's slash slash slash filled dot count dot soap") == \
        {("slash slash slash filled dot count dot soap", "what3words_spoken")}
    assert _found("what three words says filled dot count dot soap") == \
        {("filled dot count dot soap", "what3words_bare_spoken")}
    assert _found("on what3words it's filled.count.soap") == {("filled.count.soap", "what3words_bare")}
    assert _found("see e.g.x and filled.count.soap") == set()


def test_os_grid_references():
    assert _found("NGR ST 5705 7205, w3w") == {("ST 5705 7205", "os_grid")}
    assert _found("TQ 3003 8050 was the spot") == {("TQ 3003 8050", "os_grid")}
    assert _found("the grid ref is sk 123 456") == {("sk 123 456", "os_grid")}
    assert _found("SK 123 4567") == set()                 # easting and northing differ in length
    assert _found("XX 123 456") == set()                  # no such square
    assert _found("sk 12 34") == set()                    # short and lower case, no "grid"
