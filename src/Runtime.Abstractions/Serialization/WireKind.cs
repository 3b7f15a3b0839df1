namespace FraudActors.Runtime.Serialization;

/// <summary>
/// The tag byte in front of every value on the wire. It says how long the value is, so a reader can skip values it
/// does not know (fields added by a newer writer) and can refuse data of the wrong shape with a clear error instead
/// of misreading it.
/// </summary>
public enum WireKind : byte
{
    /// <summary>No value: a null reference, an empty <see cref="Nullable{T}"/>, a default <c>ImmutableArray</c>.</summary>
    Null = 0,

    /// <summary>A LEB128 varint: integers (zig-zag for signed types), bool, char, enums, <see cref="TimeSpan"/> and <see cref="TimeOnly"/> ticks, <see cref="DateOnly"/> day numbers.</summary>
    Varint = 1,

    /// <summary>Four little-endian bytes: <see cref="float"/>.</summary>
    Fixed32 = 2,

    /// <summary>Eight little-endian bytes: <see cref="double"/>, <see cref="DateTime"/> (ticks and kind).</summary>
    Fixed64 = 3,

    /// <summary>Sixteen bytes: <see cref="Guid"/>, <see cref="decimal"/>.</summary>
    Fixed128 = 4,

    /// <summary>A varint byte length, then that many bytes: UTF-8 strings, byte arrays.</summary>
    Bytes = 5,

    /// <summary>A <see cref="DateTimeOffset"/>: eight little-endian bytes of clock ticks, then the offset in minutes as a zig-zag varint.</summary>
    Timestamp = 6,

    /// <summary>A record or class: a varint field count, then the fields in constructor order, each a tagged value.</summary>
    Object = 7,

    /// <summary>A list or array: a varint element count, then the elements, each a tagged value.</summary>
    List = 8,

    /// <summary>A dictionary: a varint entry count, then key and value of each entry, each a tagged value.</summary>
    Map = 9,
}
