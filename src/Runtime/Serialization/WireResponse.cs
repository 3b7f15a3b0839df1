using System.Runtime.ExceptionServices;

namespace FraudActors.Runtime.Serialization;

/// <summary>A decoded response: the call's result, or the exception it failed with, rebuilt.</summary>
/// <typeparam name="TResult">The method's result type.</typeparam>
public readonly struct WireResponse<TResult>
{
    private WireResponse(TResult result, Exception? failure)
    {
        Result = result;
        Failure = failure;
    }

    /// <summary>True when the call returned a result.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Failure is null;

    /// <summary>The result; default when the call failed.</summary>
    public TResult Result { get; }

    /// <summary>The exception the call failed with; null when it succeeded.</summary>
    public Exception? Failure { get; }

    /// <summary>The result, or the failure thrown.</summary>
    public TResult GetResultOrThrow()
    {
        if (Failure is not null)
        {
            ExceptionDispatchInfo.Throw(Failure);
        }

        return Result;
    }

    internal static WireResponse<TResult> Success(TResult result) => new(result, null);

    internal static WireResponse<TResult> Failed(Exception failure) => new(default!, failure);
}
