using System.Runtime.InteropServices;

namespace FraudActors.Ml.XGBoost;

/// <summary>Owns one native <c>DMatrixHandle</c>; released with <c>XGDMatrixFree</c>.</summary>
internal sealed class DMatrixHandle : SafeHandle
{
    /// <summary>Used by the P/Invoke marshaller for out-parameters.</summary>
    public DMatrixHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle() => XGBoostNative.XGDMatrixFree(handle) == 0;
}
