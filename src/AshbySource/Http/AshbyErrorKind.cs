namespace AshbySource.Http;

/// <summary>What an Ashby failure is; <see cref="AshbyErrorClassifier"/> decides what each means for the sync.</summary>
internal enum AshbyErrorKind
{
    /// <summary>Worth sending again after a pause (429, 5xx, timeouts, cut-off bodies).</summary>
    Transient,

    /// <summary>The key is missing, wrong or deactivated.</summary>
    BadCredentials,

    /// <summary>The key works but lacks the module permission this endpoint needs.</summary>
    MissingPermission,

    /// <summary>The stored sync token cannot be used.</summary>
    SyncTokenUnusable,

    /// <summary>The page cursor cannot be used.</summary>
    CursorUnusable,

    /// <summary>The object a request names is gone (deleted after it was listed): <c>application_not_found</c> and the like.</summary>
    ObjectGone,

    /// <summary>Ashby rejected the request itself: a connector bug.</summary>
    InvalidRequest,

    /// <summary>
    /// The address is not Ashby's API: the first request was refused, could not be resolved or secured, was
    /// redirected, or answered with something that is not an Ashby answer. The user fixes <c>base_url</c>.
    /// </summary>
    WrongAddress,

    /// <summary>
    /// HTTP 404 after Ashby has answered the run's first request: the address serves Ashby, but not this endpoint.
    /// (On the first request a 404 means a wrong <c>base_url</c>: <see cref="WrongAddress"/>.)
    /// </summary>
    UnknownEndpoint,

    /// <summary>Ashby refused the API version the connector asked for: the connector (or its api_version option) must change.</summary>
    VersionRefused,

    /// <summary>
    /// An answer the connector cannot use that is not Ashby saying no: not Ashby's shape (no <c>success</c>, a list
    /// without its array), far too large, or a redirect. Not retried: the same request gets the same answer.
    /// </summary>
    Malformed,

    /// <summary>Ashby said no with a code the table does not know: surfaced with its code, message and request id.</summary>
    Unexpected,
}
