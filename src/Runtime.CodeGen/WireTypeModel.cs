namespace FraudActors.Runtime.CodeGen;

/// <summary>How a type is laid out on the wire, as far as the generated codec needs to know.</summary>
internal enum WireShape
{
    /// <summary>Encoded by the wire writer itself (<c>WriteInt32</c>, <c>WriteString</c>, ...).</summary>
    Primitive,
    Enum,
    Nullable,
    Array,
    ImmutableArray,
    List,
    ReadOnlyList,
    Dictionary,
    ReadOnlyDictionary,

    /// <summary>A record, class or struct: its constructor parameters, then its other settable members.</summary>
    Object,
}

/// <summary>One type a generated codec handles. Plain strings, so incremental caching works.</summary>
/// <param name="Key">C# syntax of the type, fully qualified, without nullable reference annotations.</param>
/// <param name="Name">A readable identifier fragment for generated member names.</param>
/// <param name="Shape">How it is encoded.</param>
/// <param name="Primitive">For primitives, the writer/reader method suffix; for enums, the underlying type's.</param>
/// <param name="Element">For nullables and collections, the key of the element (dictionary value) type.</param>
/// <param name="IsValueType">Whether the type is a struct (never null).</param>
/// <param name="IsSealed">Whether the runtime type always equals the declared one.</param>
/// <param name="Members">For objects, the fields in wire order.</param>
/// <param name="ConstructorArity">For objects, how many of <paramref name="Members"/> go to the constructor; the rest are set by an initializer.</param>
internal sealed record WireTypeModel(
    string Key,
    string Name,
    WireShape Shape,
    string Primitive,
    string Element,
    bool IsValueType,
    bool IsSealed,
    EquatableArray<WireMemberModel> Members,
    int ConstructorArity);

/// <summary>One field of an object on the wire.</summary>
/// <param name="Name">The property or field name (escaped if a keyword).</param>
/// <param name="Type">The key of its type.</param>
/// <param name="MissingValue">C# expression used when an older writer did not send the field.</param>
internal sealed record WireMemberModel(string Name, string Type, string MissingValue);

/// <summary>An exception type of the assembly that the generator can rebuild on the other side.</summary>
/// <param name="Key">C# syntax of the type.</param>
/// <param name="Name">A readable identifier fragment.</param>
/// <param name="Members">Its own fields in wire order (constructor parameters that match properties).</param>
/// <param name="ConstructorArguments">The constructor's arguments: <c>message</c>, <c>innerException</c> or <c>fN</c> for member N.</param>
/// <param name="Types">Every type its members need codecs for.</param>
internal sealed record WireExceptionModel(
    string Key,
    string Name,
    EquatableArray<WireMemberModel> Members,
    EquatableArray<string> ConstructorArguments,
    EquatableArray<WireTypeModel> Types);
