using System.Runtime.InteropServices;

namespace FraudActors.Ml.XGBoost;

/// <summary>Owns one native <c>BoosterHandle</c>; released with <c>XGBoosterFree</c>.</summary>
internal sealed class BoosterHandle : SafeHandle
{
    /// <summary>Used by the P/Invoke marshaller for out-parameters.</summary>
    public BoosterHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle() => XGBoostNative.XGBoosterFree(handle) == 0;
}
