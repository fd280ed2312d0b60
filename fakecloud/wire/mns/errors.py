"""Errors the wire layer itself raises (the request, not the model, is at fault), as `MnsError`s with the
service's codes, messages and statuses; and the `<Error>` answer every failure becomes."""
from __future__ import annotations

from ...services.mns import MnsError


def invalid_request_url() -> MnsError:
    """No operation answers this method and path."""
    return MnsError("InvalidRequestURL", "Http request URL format invalid.", 400)


def invalid_query_string(item: str) -> MnsError:
    return MnsError("InvalidQueryString", f"Http request URL contains invalid querystring item \u201c{item}\u201d.",
                    400)


def malformed_xml() -> MnsError:
    return MnsError("MalformedXML", "The XML you provided was not well-formed.", 400)


def missing_authorization_header() -> MnsError:
    return MnsError("MissingAuthorizationHeader", "Authorization header is required.", 400)


def invalid_authorization_header() -> MnsError:
    return MnsError("InvalidAuthorizationHeader", "The Authorization header format is invalid.", 400)


def missing_date_header() -> MnsError:
    return MnsError("MissingDateHeader", "Date header is required.", 400)


def invalid_date_header() -> MnsError:
    return MnsError("InvalidDateHeader", "The Date header format is invalid.", 400)


def time_expired() -> MnsError:
    return MnsError("TimeExpired", "The http request you sent is expired.", 408)


def invalid_access_key_id() -> MnsError:
    return MnsError("InvalidAccessKeyId", "The AccessKey Id you provided is not exist.", 403)


def signature_does_not_match() -> MnsError:
    return MnsError("SignatureDoesNotMatch", "The request signature we calculated does not match the signature "
                                             "you provided. Check your key and signing method.", 403)


def internal_error() -> MnsError:
    return MnsError("InternalError", "Interal error.", 500)     # sic: the service's own text
