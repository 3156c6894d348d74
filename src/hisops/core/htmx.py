def htmx_partial(request) -> bool:
    """True when the page asks for a fragment (an HTMX request that is not a boosted link)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted
