using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace FraudActors.Runtime.CodeGen;

/// <summary>
/// Decides whether an exception type of the assembly can be rebuilt on the other side of the wire: it needs an
/// accessible constructor whose parameters are <c>message</c>, <c>innerException</c> or match public properties
/// (by name, ignoring case, and type) that can cross the wire. Of those, the one carrying most properties wins,
/// then the one taking the message. Exceptions without one travel as RemoteGrainException: no diagnostic, since
/// exceptions are not part of a method's signature.
/// </summary>
internal static class WireExceptionAnalysis
{
    public static WireExceptionModel? Analyze(INamedTypeSymbol type, Compilation compilation)
    {
        if (type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsGenericType
            || !WireTypeAnalysis.InheritsFrom(type, "System.Exception")
            || !compilation.IsSymbolAccessibleWithin(type, compilation.Assembly))
        {
            return null;
        }

        var properties = OwnProperties(type, compilation);
        (int Members, int Message) bestScore = (-1, -1);
        WireExceptionModel? best = null;
        foreach (var constructor in type.InstanceConstructors)
        {
            if (!compilation.IsSymbolAccessibleWithin(constructor, compilation.Assembly))
            {
                continue;
            }

            var candidate = Candidate(type, constructor, properties, compilation, out var score);
            if (candidate is not null && score.Members + score.Message > 0
                && (score.Members > bestScore.Members || (score.Members == bestScore.Members && score.Message > bestScore.Message)))
            {
                best = candidate;
                bestScore = score;
            }
        }

        return best;
    }

    private static WireExceptionModel? Candidate(
        INamedTypeSymbol type,
        IMethodSymbol constructor,
        List<IPropertySymbol> properties,
        Compilation compilation,
        out (int Members, int Message) score)
    {
        score = (0, 0);
        var analysis = new WireTypeAnalysis(compilation);
        var arguments = new List<string>();
        var members = new List<WireMemberModel>();
        foreach (var parameter in constructor.Parameters)
        {
            if (parameter.RefKind != RefKind.None)
            {
                return null;
            }

            if (parameter.Name == "message" && parameter.Type.SpecialType == SpecialType.System_String)
            {
                arguments.Add("message");
                score.Message = 1;
                continue;
            }

            if (parameter.Name == "innerException" && parameter.Type.ToDisplayString() == "System.Exception")
            {
                arguments.Add("innerException");
                continue;
            }

            var property = properties.FirstOrDefault(p => WireTypeAnalysis.Matches(p, parameter));
            var key = property is null ? null : analysis.Resolve(parameter.Type, type.Name + "." + property.Name, out _);
            if (key is null)
            {
                return null;
            }

            arguments.Add("f" + members.Count);
            members.Add(new WireMemberModel(WireTypeAnalysis.Escape(property!.Name), key, "default"));
        }

        score.Members = members.Count;
        var typeKey = type.ToDisplayString(WireTypeAnalysis.KeyFormat);
        return new WireExceptionModel(
            typeKey,
            WireTypeAnalysis.Identifier(type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)),
            new EquatableArray<WireMemberModel>(members),
            new EquatableArray<string>(arguments),
            new EquatableArray<WireTypeModel>(analysis.Models));
    }

    /// <summary>Public readable properties declared below System.Exception: Message, Data and the like travel separately.</summary>
    private static List<IPropertySymbol> OwnProperties(INamedTypeSymbol type, Compilation compilation)
    {
        var properties = new List<IPropertySymbol>();
        for (var current = type; current is not null && current.ToDisplayString() != "System.Exception"; current = current.BaseType)
        {
            properties.AddRange(current.GetMembers().OfType<IPropertySymbol>().Where(p =>
                !p.IsStatic && !p.IsIndexer && p.DeclaredAccessibility == Accessibility.Public
                && p.GetMethod is not null && compilation.IsSymbolAccessibleWithin(p.GetMethod, compilation.Assembly)));
        }

        return properties;
    }
}
