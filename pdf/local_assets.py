"""Pages handed to wkhtmltopdf made self-contained: asset bundles and static
files are read from local copies instead of being fetched from the server
over HTTP. Pure functions; the caller says how to get a bundle's CSS."""

import os
import re

from odoo.modules.module import get_module_path

_BASE_TAG = re.compile(r"<base\b[^>]*>", re.I)
_BUNDLE_LINK = re.compile(r'(<link\b[^>]*?\bhref=")(/web/assets/[^"]+?\.css)(")', re.I)
_STATIC_ATTR = re.compile(r'(\b(?:src|href)=")(/\w+/static/[^"?#]+)([^"]*")', re.I)
_STATIC_URL = re.compile(r"""url\((["']?)(/\w+/static/[^"')?#]+)([^"')]*)\1\)""")


def localiser(folder, bundle_css):
    """A function turning a page handed to wkhtmltopdf into one that needs
    no HTTP request: the ``<base>`` pointing at ``report.url`` goes, each
    asset bundle (``bundle_css(url)`` gives its CSS, or None) is written to
    ``folder`` and linked as a local file, and static files of the add-ons
    (fonts, images) are linked from the add-ons' ``static`` folders.
    Anything else relative now resolves to a local file wkhtmltopdf is not
    allowed to read: it is left out instead of being fetched.

    The function's ``folders`` attribute lists the folders wkhtmltopdf must
    be allowed to read (``--allow``)."""
    bundles = {}
    folders = {folder}

    def static_file(url):
        module, _static, path = url.lstrip("/").partition("/static/")
        module_path = get_module_path(module, display_warning=False)
        if not module_path:
            return None
        static = os.path.realpath(os.path.join(module_path, "static"))
        full_path = os.path.realpath(os.path.join(static, path))
        if not full_path.startswith(static + os.sep) or not os.path.isfile(full_path):
            return None
        folders.add(static)
        return "file://" + full_path

    def local_url(match):
        local = static_file(match.group(2))
        return (
            f"url({match.group(1)}{local}{match.group(3)}{match.group(1)})"
            if local
            else (match.group(0))
        )

    def local_attr(match):
        local = static_file(match.group(2))
        return f"{match.group(1)}{local}{match.group(3)}" if local else match.group(0)

    def local_bundle(match):
        url = match.group(2)
        if url not in bundles:
            css = bundle_css(url)
            if css is None:
                bundles[url] = None
            else:
                path = os.path.join(folder, f"{len(bundles)}-{url.rsplit('/', 1)[-1]}")
                with open(path, "w", encoding="utf-8") as css_file:
                    css_file.write(_STATIC_URL.sub(local_url, css))
                bundles[url] = "file://" + path
        return f"{match.group(1)}{bundles[url] or url}{match.group(3)}"

    def localise(html):
        html = _BASE_TAG.sub("", html)
        html = _BUNDLE_LINK.sub(local_bundle, html)
        return _STATIC_ATTR.sub(local_attr, html)

    localise.folders = folders
    return localise
