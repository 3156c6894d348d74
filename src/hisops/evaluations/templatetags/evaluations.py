from django import template

register = template.Library()


@register.filter
def scale(top: int) -> range:
    """The scores a criterion takes, lowest first: 0 is never offered on a five-star scale
    (a survey starts at one star), a ten-point scale starts at 0."""
    return range(1 if top <= 5 else 0, top + 1)
