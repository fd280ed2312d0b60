"""Sample orders for the example's tests."""

ORDER = {"orderId": "A-1001", "items": [{"sku": "cup"}, {"sku": "pot"}], "photoUrl": "https://shop/cup.jpg",
         "express": False}

LARGE_ORDER = dict(ORDER, orderId="A-1002", items=[{"sku": "pot"}, {"sku": "pan"}])      # 1350: needs an approval
