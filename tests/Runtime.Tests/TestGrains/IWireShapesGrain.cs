using System.Collections.Immutable;
using FraudActors.Runtime.Invocation;

namespace FraudActors.Runtime.Tests.TestGrains;

/// <summary>
/// Never activated: its methods exist so the generator emits codecs for every shape the wire format supports, and
/// the serialisation tests drive them through the generated requests.
/// </summary>
public interface IWireShapesGrain : IGrainWithStringKey
{
    Task<Envelope> EchoAsync(Envelope envelope, CancellationToken cancellationToken);

    ValueTask<IReadOnlyDictionary<string, Measurement[]>> GroupAsync(
        List<Measurement>? measurements,
        Level? level,
        byte[]? payload,
        Guid id,
        decimal amount,
        TimeSpan span,
        DateTime at,
        char letter,
        sbyte tiny,
        ushort port,
        uint count,
        ulong big,
        float ratio,
        Offset offset);

    Task<VersionTwo> UpgradeAsync(VersionOne old, VersionTwo current);

    Task<Node?> TreeAsync(Node? root, OpenRecord? open, Dictionary<string, ImmutableArray<int>>? index);
}

public enum Level : byte
{
    Low = 0,
    High = 255,
}

public enum Offset : long
{
    Far = long.MinValue,
    Near = -1,
}

/// <summary>A positional record, with a settable member after the constructor's.</summary>
public sealed record Envelope(
    string Id,
    Level Level,
    Measurement? Primary,
    ImmutableArray<Measurement> Series,
    IReadOnlyList<string?> Tags,
    IReadOnlyDictionary<string, int> Counts,
    int[][]? Jagged,
    Point Location,
    Point? Maybe,
    NoResult Nothing)
{
    public string? Note { get; init; }
}

public sealed record Measurement(string Name, double Value, DateTimeOffset At);

public readonly record struct Point(double X, double Y);

/// <summary>A class with settable properties only, recursive.</summary>
public sealed class Node
{
    public string Name { get; set; } = string.Empty;

    public List<Node>? Children { get; set; }
}

/// <summary>Not sealed: a derived instance must be refused, not silently cut down to this type.</summary>
public record OpenRecord(string Name);

public sealed record DerivedRecord(string Name, int Extra) : OpenRecord(Name);

/// <summary>An older version of <see cref="VersionTwo"/>: the same leading fields.</summary>
public sealed record VersionOne(int A, string B);

/// <summary>A newer version with trailing fields whose defaults apply when an older writer did not send them.</summary>
public sealed record VersionTwo(int A, string B, string C = "c-default", int D = 7);

/// <summary>An exception the generator can rebuild: its constructor's parameters match its properties, plus message.</summary>
public sealed class QuotaExceededException : Exception
{
    public QuotaExceededException(string account, int limit, string message) : base(message)
    {
        Account = account;
        Limit = limit;
    }

    public QuotaExceededException()
    {
        Account = string.Empty;
    }

    public QuotaExceededException(string message) : base(message)
    {
        Account = string.Empty;
    }

    public QuotaExceededException(string message, Exception innerException) : base(message, innerException)
    {
        Account = string.Empty;
    }

    public string Account { get; }

    public int Limit { get; }
}

/// <summary>An exception the generator cannot rebuild: its only state has no constructor parameter to go back in.</summary>
public sealed class OpaqueFailureException : Exception
{
    private OpaqueFailureException(string message) : base(message)
    {
    }

    public static OpaqueFailureException Create(string message) => new(message);
}

/// <summary>Has a generated codec, but reading its property fails: the failure must still cross the wire.</summary>
public sealed class BrokenPropertyException(string reference, string message) : Exception(message)
{
    public string Reference => reference.Length > 0 ? throw new InvalidOperationException("This getter is broken.") : reference;
}
