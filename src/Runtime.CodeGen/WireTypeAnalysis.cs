using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FraudActors.Runtime.CodeGen;

/// <summary>
/// Works out how every type reachable from a grain method's parameters and result crosses the wire, collecting one
/// <see cref="WireTypeModel"/> per type, or the reason a type cannot.
/// </summary>
internal sealed class WireTypeAnalysis
{
    /// <summary>Fully qualified, without nullable annotations: <c>string</c> and <c>string?</c> are one runtime type and one codec.</summary>
    internal static readonly SymbolDisplayFormat KeyFormat = SymbolDisplayFormat.FullyQualifiedFormat;

    private static readonly Dictionary<SpecialType, string> SpecialPrimitives = new()
    {
        [SpecialType.System_Boolean] = "Boolean",
        [SpecialType.System_Byte] = "Byte",
        [SpecialType.System_SByte] = "SByte",
        [SpecialType.System_Int16] = "Int16",
        [SpecialType.System_UInt16] = "UInt16",
        [SpecialType.System_Char] = "Char",
        [SpecialType.System_Int32] = "Int32",
        [SpecialType.System_UInt32] = "UInt32",
        [SpecialType.System_Int64] = "Int64",
        [SpecialType.System_UInt64] = "UInt64",
        [SpecialType.System_Single] = "Single",
        [SpecialType.System_Double] = "Double",
        [SpecialType.System_Decimal] = "Decimal",
        [SpecialType.System_String] = "String",
        [SpecialType.System_DateTime] = "DateTime",
    };

    private static readonly Dictionary<string, string> NamedPrimitives = new()
    {
        ["System.Guid"] = "Guid",
        ["System.DateTimeOffset"] = "DateTimeOffset",
        ["System.TimeSpan"] = "TimeSpan",
        // Their widest constructors take whole units (TimeOnly's drops sub-microsecond ticks): encode them natively.
        ["System.DateOnly"] = "DateOnly",
        ["System.TimeOnly"] = "TimeOnly",
    };

    private readonly Compilation _compilation;
    private readonly Dictionary<string, WireTypeModel> _models = new();
    private readonly HashSet<string> _inProgress = new();

    public WireTypeAnalysis(Compilation compilation) => _compilation = compilation;

    /// <summary>The models of every type resolved so far (primitives included).</summary>
    public IEnumerable<WireTypeModel> Models => _models.Values;

    /// <summary>
    /// Resolves <paramref name="type"/> and everything it contains. On failure returns null and describes the first
    /// type that cannot cross the wire and where it was met.
    /// </summary>
    public string? Resolve(ITypeSymbol type, string path, out WireTypeProblem? problem)
    {
        problem = null;
        var key = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(KeyFormat);
        if (_models.ContainsKey(key) || _inProgress.Contains(key))
        {
            return key;
        }

        var name = Identifier(type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
        if (SpecialPrimitives.TryGetValue(type.SpecialType, out var primitive)
            || NamedPrimitives.TryGetValue(type.OriginalDefinition.ToDisplayString(), out primitive))
        {
            return Add(new WireTypeModel(key, name, WireShape.Primitive, primitive, string.Empty, type.IsValueType, true, default, 0));
        }

        switch (type)
        {
            case IArrayTypeSymbol array:
                if (array.Rank != 1)
                {
                    problem = new WireTypeProblem(type, path, "multi-dimensional arrays are not supported; use an array of arrays");
                    return null;
                }

                if (array.ElementType.SpecialType == SpecialType.System_Byte)
                {
                    return Add(new WireTypeModel(key, name, WireShape.Primitive, "ByteArray", string.Empty, false, true, default, 0));
                }

                return Collection(key, name, WireShape.Array, array.ElementType, path, out problem);

            case INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying }:
                return Add(new WireTypeModel(key, name, WireShape.Enum, SpecialPrimitives[underlying.SpecialType], string.Empty, true, true, default, 0));

            case INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable:
                return Collection(key, "Nullable_" + name, WireShape.Nullable, nullable.TypeArguments[0], path, out problem);

            case INamedTypeSymbol { IsGenericType: true } generic when CollectionShape(generic) is { } shape:
                if (shape is WireShape.Dictionary or WireShape.ReadOnlyDictionary)
                {
                    if (generic.TypeArguments[0].SpecialType != SpecialType.System_String)
                    {
                        problem = new WireTypeProblem(type, path, "dictionary keys must be strings");
                        return null;
                    }

                    return Collection(key, name, shape, generic.TypeArguments[1], path, out problem);
                }

                return Collection(key, name, shape, generic.TypeArguments[0], path, out problem);

            case INamedTypeSymbol named:
                return Object(named, key, name, path, out problem);

            default:
                problem = new WireTypeProblem(type, path, Unsupported(type));
                return null;
        }
    }

    private string Add(WireTypeModel model)
    {
        _models[model.Key] = model;
        return model.Key;
    }

    private string? Collection(string key, string name, WireShape shape, ITypeSymbol element, string path, out WireTypeProblem? problem)
    {
        var elementKey = Resolve(element, path, out problem);
        return elementKey is null
            ? null
            : Add(new WireTypeModel(key, name, shape, string.Empty, elementKey, shape == WireShape.Nullable || shape == WireShape.ImmutableArray, true, default, 0));
    }

    private static WireShape? CollectionShape(INamedTypeSymbol type) => type.OriginalDefinition.ToDisplayString() switch
    {
        "System.Collections.Immutable.ImmutableArray<T>" => WireShape.ImmutableArray,
        "System.Collections.Generic.List<T>" => WireShape.List,
        "System.Collections.Generic.IReadOnlyList<T>" => WireShape.ReadOnlyList,
        "System.Collections.Generic.Dictionary<TKey, TValue>" => WireShape.Dictionary,
        "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>" => WireShape.ReadOnlyDictionary,
        _ => null,
    };

    private static string Unsupported(ITypeSymbol type) => type switch
    {
        { SpecialType: SpecialType.System_Object } => "object carries no type the wire format could encode; use a concrete record",
        { TypeKind: TypeKind.Dynamic } => "dynamic carries no type the wire format could encode; use a concrete record",
        { TypeKind: TypeKind.Delegate } => "delegates cannot cross process boundaries",
        { TypeKind: TypeKind.Interface } => "interfaces other than IReadOnlyList<T> and IReadOnlyDictionary<string, T> are not supported; use a concrete record or collection",
        { TypeKind: TypeKind.TypeParameter } => "open generic types are not supported",
        { TypeKind: TypeKind.Pointer or TypeKind.FunctionPointer } => "pointers cannot cross process boundaries",
        _ => "the type is not supported",
    };

    private string? Object(INamedTypeSymbol type, string key, string name, string path, out WireTypeProblem? problem)
    {
        problem = null;
        var reason = ObjectRefusal(type);
        if (reason is not null)
        {
            problem = new WireTypeProblem(type, path, reason);
            return null;
        }

        var members = PublicMembers(type);
        var constructor = ChooseConstructor(type, members);
        if (constructor is null)
        {
            problem = new WireTypeProblem(type, path, "it has no accessible constructor whose parameters all match public properties by name and type");
            return null;
        }

        var wireMembers = new List<(string Name, ITypeSymbol Type, string Missing)>();
        var mapped = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var parameter in constructor.Parameters)
        {
            var member = members.First(m => Matches(m, parameter));
            mapped.Add(member);
            wireMembers.Add((member.Name, MemberType(member), MissingValue(parameter)));
        }

        var arity = wireMembers.Count;
        foreach (var member in members)
        {
            if (!mapped.Contains(member) && IsSettable(member))
            {
                wireMembers.Add((member.Name, MemberType(member), "default"));
            }
        }

        if (wireMembers.Count == 0 && HasPrivateState(type))
        {
            problem = new WireTypeProblem(type, path, "it has no public constructor parameters or settable properties to carry its state");
            return null;
        }

        _inProgress.Add(key);
        var models = new List<WireMemberModel>();
        foreach (var (memberName, memberType, missing) in wireMembers)
        {
            var memberKey = Resolve(memberType, $"{path} → {type.Name}.{memberName}", out problem);
            if (memberKey is null)
            {
                _inProgress.Remove(key);
                return null;
            }

            models.Add(new WireMemberModel(Escape(memberName), memberKey, missing));
        }

        _inProgress.Remove(key);
        return Add(new WireTypeModel(key, name, WireShape.Object, string.Empty, string.Empty, type.IsValueType, type.IsValueType || type.IsSealed, new EquatableArray<WireMemberModel>(models), arity));
    }

    private string? ObjectRefusal(INamedTypeSymbol type)
    {
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.SpecialType == SpecialType.System_Object)
        {
            return Unsupported(type);
        }

        if (type.IsAbstract || type.IsStatic)
        {
            return "abstract types are not supported: the reader could not know which type to create";
        }

        if (type.IsRefLikeType)
        {
            return "ref structs cannot be stored";
        }

        if (type.ToDisplayString() == "System.Exception" || InheritsFrom(type, "System.Exception"))
        {
            return "exceptions cross the wire only as failures, not as arguments or results";
        }

        var name = type.OriginalDefinition.ToDisplayString();
        if (name.StartsWith("System.Threading.", System.StringComparison.Ordinal) || name.StartsWith("System.Reflection.", System.StringComparison.Ordinal)
            || name == "System.Type" || name == "System.IntPtr" || name == "System.UIntPtr")
        {
            return "it describes this process and means nothing in another";
        }

        if (!_compilation.IsSymbolAccessibleWithin(type, _compilation.Assembly))
        {
            return "it is not accessible from the generated code; make it public or internal to this assembly";
        }

        return null;
    }

    private List<ISymbol> PublicMembers(INamedTypeSymbol type)
    {
        var chain = new List<INamedTypeSymbol>();
        for (var current = type; current is not null && current.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); current = current.BaseType)
        {
            chain.Insert(0, current);
        }

        var members = new List<ISymbol>();
        var seen = new HashSet<string>();
        foreach (var declaring in chain)
        {
            foreach (var member in declaring.GetMembers())
            {
                var readable = member switch
                {
                    IPropertySymbol { IsStatic: false, IsIndexer: false, GetMethod: { } getter } => Accessible(getter),
                    IFieldSymbol { IsStatic: false, IsConst: false, IsImplicitlyDeclared: false } field => Accessible(field),
                    _ => false,
                };

                // A property redeclared by a derived type hides the base one: keep the base position, once.
                if (readable && member.DeclaredAccessibility == Accessibility.Public && seen.Add(member.Name))
                {
                    members.Add(member);
                }
            }
        }

        return members;
    }

    private IMethodSymbol? ChooseConstructor(INamedTypeSymbol type, List<ISymbol> members)
    {
        IMethodSymbol? best = null;
        foreach (var constructor in type.InstanceConstructors)
        {
            if (!Accessible(constructor)
                || (constructor.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(constructor.Parameters[0].Type, type))
                || !constructor.Parameters.All(p => p.RefKind == RefKind.None && members.Any(m => Matches(m, p))))
            {
                continue;
            }

            if (best is null || constructor.Parameters.Length > best.Parameters.Length)
            {
                best = constructor;
            }
        }

        return best;
    }

    private bool IsSettable(ISymbol member) => member switch
    {
        IPropertySymbol { SetMethod: { } setter } => Accessible(setter) && setter.DeclaredAccessibility == Accessibility.Public,
        IFieldSymbol { IsReadOnly: false } => true,
        _ => false,
    };

    private bool Accessible(ISymbol symbol) => _compilation.IsSymbolAccessibleWithin(symbol, _compilation.Assembly);

    internal static bool Matches(ISymbol member, IParameterSymbol parameter) =>
        string.Equals(member.Name, parameter.Name, System.StringComparison.OrdinalIgnoreCase)
        && SymbolEqualityComparer.Default.Equals(MemberType(member), parameter.Type);

    internal static ITypeSymbol MemberType(ISymbol member) => member is IPropertySymbol property ? property.Type : ((IFieldSymbol)member).Type;

    private static bool HasPrivateState(INamedTypeSymbol type) =>
        type.GetMembers().OfType<IFieldSymbol>().Any(f => !f.IsStatic && !f.IsConst);

    internal static bool InheritsFrom(INamedTypeSymbol type, string baseName)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.ToDisplayString() == baseName)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The value a field an older writer did not send takes: the constructor parameter's default, if it declares one.</summary>
    private static string MissingValue(IParameterSymbol parameter)
    {
        if (!parameter.HasExplicitDefaultValue || parameter.ExplicitDefaultValue is null)
        {
            return "default";
        }

        var type = parameter.Type.ToDisplayString(KeyFormat);
        var value = parameter.ExplicitDefaultValue;
        var literal = value switch
        {
            string text => SymbolDisplay.FormatLiteral(text, quote: true),
            char c => SymbolDisplay.FormatLiteral(c, quote: true),
            bool b => b ? "true" : "false",
            double d when double.IsNaN(d) => "double.NaN",
            double d when double.IsPositiveInfinity(d) => "double.PositiveInfinity",
            double d when double.IsNegativeInfinity(d) => "double.NegativeInfinity",
            double d => d.ToString("R", CultureInfo.InvariantCulture) + "D",
            float f when float.IsNaN(f) => "float.NaN",
            float f when float.IsPositiveInfinity(f) => "float.PositiveInfinity",
            float f when float.IsNegativeInfinity(f) => "float.NegativeInfinity",
            float f => f.ToString("R", CultureInfo.InvariantCulture) + "F",
            decimal m => m.ToString(CultureInfo.InvariantCulture) + "M",
            ulong u => u.ToString(CultureInfo.InvariantCulture) + "UL",
            System.IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
            _ => null,
        };

        return literal is null ? "default" : $"({type})({literal})";
    }

    internal static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    internal static string Identifier(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[builder.Length - 1] != '_')
            {
                builder.Append('_');
            }
        }

        return builder.ToString().TrimEnd('_');
    }
}

/// <summary>A type that cannot cross the wire, where it was met, and why.</summary>
internal sealed class WireTypeProblem
{
    public WireTypeProblem(ITypeSymbol type, string path, string reason)
    {
        Type = type.ToDisplayString();
        Path = path;
        Reason = reason;
    }

    public string Type { get; }

    public string Path { get; }

    public string Reason { get; }
}
