using System.Text;

namespace FraudActors.Ml.XGBoost;

/// <summary>Builds the array of null-terminated UTF-8 strings (<c>char const**</c>) XGBoost's feature-info calls take.</summary>
internal static class FeatureNameMarshalling
{
    internal unsafe delegate void NativeStrings(byte** values, ulong count);

    internal static unsafe void With(IReadOnlyList<string> names, string parameter, NativeStrings call)
    {
        var offsets = new int[names.Count];
        var total = 0;
        for (var i = 0; i < names.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i]))
            {
                throw new ArgumentException($"Feature name {i} is empty.", parameter);
            }

            offsets[i] = total;
            total += Encoding.UTF8.GetByteCount(names[i]) + 1;
        }

        // One buffer for all names (zero-filled, so each name ends in its terminator) and one pointer table into it.
        var utf8 = new byte[total];
        for (var i = 0; i < names.Count; i++)
        {
            Encoding.UTF8.GetBytes(names[i], utf8.AsSpan(offsets[i]));
        }

        var pointers = new nint[names.Count];
        fixed (byte* start = utf8)
        fixed (nint* table = pointers)
        {
            for (var i = 0; i < offsets.Length; i++)
            {
                table[i] = (nint)(start + offsets[i]);
            }

            call((byte**)table, (ulong)pointers.Length);
        }
    }
}
