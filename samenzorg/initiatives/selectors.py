from .models import Initiative


def initiative_list(*, user):
    return Initiative.objects.filter(status=Initiative.Status.PUBLIC)
