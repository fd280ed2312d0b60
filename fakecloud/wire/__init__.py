"""The wire layer: one WSGI application that speaks each service's own HTTP protocol (FnF and vision RPC,
MNS REST/XML, Function Compute) in front of one FakeCloud, for a local server or in-process interception."""
