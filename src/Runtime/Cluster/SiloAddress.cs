using System.Globalization;

namespace FraudActors.Runtime.Cluster;

/// <summary>
/// A silo's identity in the cluster: where its peers reach it, and which start of the process it is (a restarted
/// silo on the same endpoint is a different silo: its predecessor's grains must not be mistaken for its own).
/// </summary>
/// <param name="Host">Host name or address peers connect to.</param>
/// <param name="Port">The silo-to-silo port.</param>
/// <param name="Generation">When this silo process started (UTC ticks): unique per start on an endpoint.</param>
public sealed record SiloAddress(string Host, int Port, long Generation)
{
    /// <summary>The base address of its silo-to-silo endpoint.</summary>
    public Uri Endpoint => new($"http://{Host}:{Port}");

    /// <summary>A stable hash for rendezvous placement.</summary>
    public ulong PlacementHash => StableHash.Of(ToString());

    /// <inheritdoc />
    public override string ToString() => $"{Host}:{Port}@{Generation.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Parses the <c>host:port@generation</c> form of <see cref="ToString"/>.</summary>
    /// <exception cref="FormatException">The text is not of that form.</exception>
    public static SiloAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.LastIndexOf('@');
        var colon = at > 0 ? text.LastIndexOf(':', at - 1) : -1;
        if (colon <= 0
            || !int.TryParse(text.AsSpan(colon + 1, at - colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || !long.TryParse(text.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
        {
            throw new FormatException($"'{text}' is not a silo address of the form host:port@generation.");
        }

        return new SiloAddress(text[..colon], port, generation);
    }
}
