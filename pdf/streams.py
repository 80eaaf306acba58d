from odoo.tools.pdf import generic


def stream(data):
    """A PDF stream object holding ``data``."""
    result = generic.DecodedStreamObject()
    result.set_data(data)
    return result
