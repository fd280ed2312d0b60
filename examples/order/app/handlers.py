"""Function Compute handlers of the order example (deployed as services/orders/functions/validate and reserve)."""
import datetime
import json


class InvalidOrder(Exception):
    """An order that cannot be processed; the flow catches it by this name."""


PRICES = {"cup": 120, "pot": 450, "pan": 900}


def validate(event, context=None):
    order = json.loads(event)
    if not order.get("items"):
        raise InvalidOrder("an order needs at least one item")
    total = sum(PRICES.get(item["sku"], 0) * item.get("qty", 1) for item in order["items"])
    return json.dumps({"total": total, "checkedAt": datetime.datetime.utcnow().isoformat() + "Z"})


def reserve(event, context=None):
    item = json.loads(event)["item"]
    return json.dumps({"reservationId": f"r-{item['sku']}"})
