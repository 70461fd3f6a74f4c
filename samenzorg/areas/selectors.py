from .models import Area


def stadsdeel_list():
    return Area.objects.filter(level=Area.Level.STADSDEEL).order_by("name")
