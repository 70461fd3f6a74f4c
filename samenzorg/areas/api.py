from ninja import Router

router = Router(tags=["gebieden"])
