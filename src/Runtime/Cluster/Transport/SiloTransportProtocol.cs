namespace FraudActors.Runtime.Cluster.Transport;

/// <summary>The HTTP surface of the silo-to-silo endpoint, shared by the client and the server.</summary>
internal static class SiloTransportProtocol
{
    /// <summary>Every grain call is one POST here: the body is a <see cref="CallEnvelope"/> and the arguments.</summary>
    public const string CallPath = "/fraudactors/v1/call";

    /// <summary>
    /// Set, with a reason, on a 503 answer meaning "this call ran nowhere": the caller may send it again to the owner
    /// by a newer view. Any other failure leaves the outcome unknown.
    /// </summary>
    public const string NotRunHeader = "fa-not-run";

    /// <summary>Content type of both bodies (informational: the path decides how a body is read).</summary>
    public const string ContentType = "application/x-fraudactors-wire";
}
