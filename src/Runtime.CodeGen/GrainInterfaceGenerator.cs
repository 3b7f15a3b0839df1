using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace FraudActors.Runtime.CodeGen;

/// <summary>
/// Generates, for every interface of the compilation that extends <c>IGrainWithStringKey</c>, a proxy (grain
/// reference), one request class per method, wire codecs for every type its methods send or return, codecs for the
/// assembly's exception types, and an assembly-level metadata provider that registers them all.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class GrainInterfaceGenerator : IIncrementalGenerator
{
    private const string GrainWithStringKey = "FraudActors.Runtime.IGrainWithStringKey";
    private const string GrainInterface = "FraudActors.Runtime.IGrain";

    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static readonly DiagnosticDescriptor UnsupportedReturn = new(
        "FA0001", "Unsupported grain method return type",
        "Grain method '{0}.{1}' must return Task, Task<T>, ValueTask or ValueTask<T>", "FraudActors.Runtime",
        DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor UnsupportedShape = new(
        "FA0002", "Unsupported grain method shape",
        "Grain method '{0}.{1}' {2}", "FraudActors.Runtime", DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor UnsupportedWireType = new(
        "FA0003", "Type cannot cross the wire",
        "Grain method '{0}.{1}' uses '{2}' ({3}), which cannot cross the wire: {4}", "FraudActors.Runtime",
        DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var interfaces = context.SyntaxProvider.CreateSyntaxProvider(
                static (node, _) => node is InterfaceDeclarationSyntax { BaseList: not null },
                static (ctx, ct) => Analyze(ctx, ct))
            .Where(static result => result is not null)
            .Select(static (result, _) => result!);

        context.RegisterSourceOutput(
            interfaces.Where(static r => r.Diagnostics.Count > 0),
            static (spc, r) =>
            {
                foreach (var diagnostic in r.Diagnostics)
                {
                    spc.ReportDiagnostic(diagnostic);
                }
            });

        var models = interfaces
            .Where(static r => r.Diagnostics.Count == 0 && r.Model is not null)
            .Select(static (r, _) => r.Model!)
            .Collect();

        var exceptions = context.SyntaxProvider.CreateSyntaxProvider(
                static (node, _) => node is ClassDeclarationSyntax { BaseList: not null },
                static (ctx, ct) => ctx.SemanticModel.GetDeclaredSymbol(ctx.Node, ct) is INamedTypeSymbol type
                    ? WireExceptionAnalysis.Analyze(type, ctx.SemanticModel.Compilation)
                    : null)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .Collect();

        context.RegisterSourceOutput(
            models.Combine(exceptions).Combine(context.CompilationProvider.Select(static (c, _) => c.AssemblyName ?? "Assembly")),
            static (spc, pair) => Emit(spc, pair.Left.Left, pair.Left.Right, pair.Right));
    }

    private sealed class AnalysisResult
    {
        public GrainInterfaceModel? Model { get; set; }

        public List<Diagnostic> Diagnostics { get; } = new();
    }

    private static AnalysisResult? Analyze(GeneratorSyntaxContext context, System.Threading.CancellationToken ct)
    {
        if (context.SemanticModel.GetDeclaredSymbol(context.Node, ct) is not INamedTypeSymbol symbol
            || symbol.IsGenericType
            || !symbol.AllInterfaces.Any(i => i.ToDisplayString() == GrainWithStringKey))
        {
            return null;
        }

        var result = new AnalysisResult();
        var methods = new List<GrainMethodModel>();
        var wire = new WireTypeAnalysis(context.SemanticModel.Compilation);
        var declaring = new[] { symbol }.Concat(symbol.AllInterfaces)
            .Where(i => i.ToDisplayString() is not (GrainWithStringKey or GrainInterface))
            .ToList();

        foreach (var iface in declaring)
        {
            foreach (var method in iface.GetMembers().OfType<IMethodSymbol>())
            {
                if (method.MethodKind != MethodKind.Ordinary || method.IsStatic)
                {
                    continue;
                }

                var model = AnalyzeMethod(iface, method, methods.Count, wire, result.Diagnostics);
                if (model is not null)
                {
                    methods.Add(model);
                }
            }
        }

        var fullName = symbol.ToDisplayString();
        result.Model = new GrainInterfaceModel(
            fullName,
            symbol.ToDisplayString(TypeFormat),
            Sanitize(fullName),
            GrainTypeName(symbol),
            new EquatableArray<GrainMethodModel>(methods),
            new EquatableArray<WireTypeModel>(wire.Models.OrderBy(m => m.Key, System.StringComparer.Ordinal)));
        return result;
    }

    private static GrainMethodModel? AnalyzeMethod(INamedTypeSymbol iface, IMethodSymbol method, int id, WireTypeAnalysis wire, List<Diagnostic> diagnostics)
    {
        var location = method.Locations.FirstOrDefault();
        if (method.IsGenericMethod)
        {
            diagnostics.Add(Diagnostic.Create(UnsupportedShape, location, iface.Name, method.Name, "cannot be generic"));
            return null;
        }

        if (method.Parameters.Any(p => p.RefKind != RefKind.None))
        {
            diagnostics.Add(Diagnostic.Create(UnsupportedShape, location, iface.Name, method.Name, "cannot take ref, out or in parameters"));
            return null;
        }

        var returnType = method.ReturnType as INamedTypeSymbol;
        var returnName = returnType?.ConstructedFrom.ToDisplayString();
        ReturnKind kind;
        string resultType;
        switch (returnName)
        {
            case "System.Threading.Tasks.Task":
                kind = ReturnKind.Task;
                resultType = "global::FraudActors.Runtime.Invocation.NoResult";
                break;
            case "System.Threading.Tasks.ValueTask":
                kind = ReturnKind.ValueTask;
                resultType = "global::FraudActors.Runtime.Invocation.NoResult";
                break;
            case "System.Threading.Tasks.Task<TResult>":
                kind = ReturnKind.TaskOfT;
                resultType = returnType!.TypeArguments[0].ToDisplayString(TypeFormat);
                break;
            case "System.Threading.Tasks.ValueTask<TResult>":
                kind = ReturnKind.ValueTaskOfT;
                resultType = returnType!.TypeArguments[0].ToDisplayString(TypeFormat);
                break;
            default:
                diagnostics.Add(Diagnostic.Create(UnsupportedReturn, location, iface.Name, method.Name));
                return null;
        }

        var options = new List<string>();
        int? timeout = null;
        foreach (var attribute in method.GetAttributes())
        {
            switch (attribute.AttributeClass?.ToDisplayString())
            {
                case "FraudActors.Runtime.Concurrency.ReadOnlyAttribute":
                    options.Add("global::FraudActors.Runtime.Invocation.GrainMethodOptions.ReadOnly");
                    break;
                case "FraudActors.Runtime.Concurrency.AlwaysInterleaveAttribute":
                    options.Add("global::FraudActors.Runtime.Invocation.GrainMethodOptions.AlwaysInterleave");
                    break;
                case "FraudActors.Runtime.ResponseTimeoutAttribute":
                    timeout = attribute.ConstructorArguments.FirstOrDefault().Value as int?;
                    break;
            }
        }

        var parameters = method.Parameters.Select(p => new GrainParameterModel(
            p.Name,
            p.Type.ToDisplayString(TypeFormat),
            p.Type.ToDisplayString() == "System.Threading.CancellationToken")).ToList();

        if (parameters.Count(p => p.IsCancellationToken) > 1)
        {
            diagnostics.Add(Diagnostic.Create(UnsupportedShape, location, iface.Name, method.Name, "can take at most one CancellationToken"));
            return null;
        }

        var sent = method.Parameters
            .Where(p => p.Type.ToDisplayString() != "System.Threading.CancellationToken")
            .Select(p => (p.Type, Path: $"parameter '{p.Name}'"))
            .ToList();
        if (kind is ReturnKind.TaskOfT or ReturnKind.ValueTaskOfT)
        {
            sent.Add((returnType!.TypeArguments[0], "result"));
        }

        foreach (var (type, path) in sent)
        {
            if (wire.Resolve(type, path, out var problem) is null)
            {
                diagnostics.Add(Diagnostic.Create(UnsupportedWireType, location, iface.Name, method.Name, problem!.Type, problem.Path, problem.Reason));
                return null;
            }
        }

        return new GrainMethodModel(
            iface.ToDisplayString(TypeFormat),
            method.Name,
            id,
            kind,
            method.ReturnType.ToDisplayString(TypeFormat),
            resultType,
            new EquatableArray<GrainParameterModel>(parameters),
            options.Count == 0 ? "global::FraudActors.Runtime.Invocation.GrainMethodOptions.None" : string.Join(" | ", options),
            timeout);
    }

    private static string GrainTypeName(INamedTypeSymbol symbol)
    {
        var attribute = symbol.GetAttributes()
            .FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == "FraudActors.Runtime.GrainTypeAttribute");
        if (attribute?.ConstructorArguments.FirstOrDefault().Value is string name)
        {
            return name;
        }

        var baseName = symbol.Name;
        if (baseName.Length > 1 && baseName[0] == 'I' && char.IsUpper(baseName[1]))
        {
            baseName = baseName.Substring(1);
        }

        if (baseName.EndsWith("Grain", System.StringComparison.Ordinal) && baseName.Length > "Grain".Length)
        {
            baseName = baseName.Substring(0, baseName.Length - "Grain".Length);
        }

        // ModelRegistry → model-registry: readable in logs, tables and URLs.
        var builder = new StringBuilder();
        for (var i = 0; i < baseName.Length; i++)
        {
            var c = baseName[i];
            if (char.IsUpper(c) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    private static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsLetterOrDigit(c) ? c : '_');
        }

        return builder.ToString();
    }

    private static void Emit(
        SourceProductionContext context,
        ImmutableArray<GrainInterfaceModel> models,
        ImmutableArray<WireExceptionModel> exceptions,
        string assemblyName)
    {
        var codecs = new WireCodecEmitter(models.SelectMany(m => m.WireTypes.Items), exceptions);
        if (models.IsDefaultOrEmpty && codecs.IsEmpty)
        {
            return;
        }

        var ns = "FraudActors.Generated." + Sanitize(assemblyName);
        var source = new StringBuilder();
        source.AppendLine("// <auto-generated/> by FraudActors.Runtime.CodeGen");
        source.AppendLine("#nullable enable");
        source.AppendLine($"[assembly: global::FraudActors.Runtime.Invocation.GrainMetadataProviderAttribute(typeof(global::{ns}.GrainMetadataProvider))]");
        source.AppendLine($"namespace {ns}");
        source.AppendLine("{");

        foreach (var model in models.Distinct().OrderBy(m => m.FullName, System.StringComparer.Ordinal))
        {
            EmitInterface(source, model);
        }

        source.AppendLine("    [global::System.CodeDom.Compiler.GeneratedCode(\"FraudActors.Runtime.CodeGen\", \"1.0\")]");
        source.AppendLine("    internal sealed class GrainMetadataProvider : global::FraudActors.Runtime.Invocation.IGrainMetadataProvider");
        source.AppendLine("    {");
        source.AppendLine("        public void Register(global::FraudActors.Runtime.Invocation.IGrainMetadataRegistry registry)");
        source.AppendLine("        {");
        foreach (var model in models.Distinct().OrderBy(m => m.FullName, System.StringComparer.Ordinal))
        {
            var descriptors = string.Join(", ", model.Methods.Items.Select(m => $"{RequestName(model, m)}.Descriptor"));
            source.AppendLine($"            registry.AddInterface<{model.GlobalName}>(\"{model.GrainType}\", static (id, invoker) => new {model.GeneratedName}_Reference(id, invoker), new global::FraudActors.Runtime.Invocation.GrainMethodDescriptor[] {{ {descriptors} }});");
        }

        foreach (var registration in codecs.Registrations())
        {
            source.AppendLine("            " + registration);
        }

        source.AppendLine("        }");
        source.AppendLine("    }");
        source.AppendLine("}");
        context.AddSource("GrainInterfaces.g.cs", SourceText.From(source.ToString(), Encoding.UTF8));
        context.AddSource("WireCodecs.g.cs", SourceText.From(codecs.Emit(ns), Encoding.UTF8));
    }

    private static string RequestName(GrainInterfaceModel model, GrainMethodModel method) =>
        $"{model.GeneratedName}_{method.Name}_{method.Id}_Request";

    private static void EmitInterface(StringBuilder source, GrainInterfaceModel model)
    {
        const string Ns = "global::FraudActors.Runtime.Invocation";
        source.AppendLine("    [global::System.CodeDom.Compiler.GeneratedCode(\"FraudActors.Runtime.CodeGen\", \"1.0\")]");
        source.AppendLine($"    internal sealed class {model.GeneratedName}_Reference : global::FraudActors.Runtime.GrainReference, {model.GlobalName}");
        source.AppendLine("    {");
        source.AppendLine($"        public {model.GeneratedName}_Reference(global::FraudActors.Runtime.GrainId grainId, {Ns}.IGrainCallInvoker invoker) : base(grainId, invoker) {{ }}");
        foreach (var method in model.Methods.Items)
        {
            var parameters = string.Join(", ", method.Parameters.Items.Select(p => $"{p.Type} {Escape(p.Name)}"));
            source.AppendLine();
            source.AppendLine($"        {method.ReturnType} {method.DeclaringInterface}.{method.Name}({parameters})");
            source.AppendLine("        {");
            source.AppendLine($"            var __request = new {RequestName(model, method)}();");
            var index = 0;
            foreach (var parameter in method.Parameters.Items)
            {
                source.AppendLine(parameter.IsCancellationToken
                    ? $"            __request.CancellationToken = {Escape(parameter.Name)};"
                    : $"            __request.Arg{index++} = {Escape(parameter.Name)};");
            }

            var call = "Invoker.InvokeAsync(GrainId, __request)";
            source.AppendLine(method.ReturnKind switch
            {
                ReturnKind.ValueTaskOfT => $"            return {call};",
                ReturnKind.TaskOfT => $"            return {call}.AsTask();",
                ReturnKind.ValueTask => $"            return WithoutResult({call});",
                _ => $"            return {call}.AsTask();",
            });
            source.AppendLine("        }");
        }

        source.AppendLine("    }");
        source.AppendLine();

        foreach (var method in model.Methods.Items)
        {
            var name = RequestName(model, method);
            var args = method.Parameters.Items.Where(p => !p.IsCancellationToken).ToList();
            source.AppendLine("    [global::System.CodeDom.Compiler.GeneratedCode(\"FraudActors.Runtime.CodeGen\", \"1.0\")]");
            source.AppendLine($"    internal sealed class {name} : {Ns}.GrainRequest<{method.ResultType}>");
            source.AppendLine("    {");
            var timeout = method.TimeoutMilliseconds is int ms ? $"global::System.TimeSpan.FromMilliseconds({ms})" : "null";
            source.AppendLine($"        internal static readonly {Ns}.GrainMethodDescriptor Descriptor = new(\"{model.FullName}\", \"{method.Name}\", {method.Id}, {method.Options}, {timeout}, static () => new {name}());");
            for (var i = 0; i < args.Count; i++)
            {
                source.AppendLine($"        public {args[i].Type} Arg{i} = default!;");
            }

            source.AppendLine($"        public override {Ns}.GrainMethodDescriptor Method => Descriptor;");
            var index = 0;
            var callArgs = string.Join(", ", method.Parameters.Items.Select(p => p.IsCancellationToken ? "CancellationToken" : $"Arg{index++}"));
            var invoke = $"(({method.DeclaringInterface})grain).{method.Name}({callArgs})";
            source.AppendLine($"        public override global::System.Threading.Tasks.ValueTask<{method.ResultType}> InvokeAsync(object grain) => " + method.ReturnKind switch
            {
                ReturnKind.ValueTaskOfT => $"{invoke};",
                ReturnKind.TaskOfT => $"new global::System.Threading.Tasks.ValueTask<{method.ResultType}>({invoke});",
                ReturnKind.ValueTask => $"FromValueTask({invoke});",
                _ => $"FromTask({invoke});",
            });
            source.AppendLine($"        public override void WriteArguments({Ns}.IArgumentWriter writer)");
            source.AppendLine("        {");
            for (var i = 0; i < args.Count; i++)
            {
                source.AppendLine($"            writer.Write<{args[i].Type}>(Arg{i});");
            }

            source.AppendLine("        }");
            source.AppendLine($"        public override void ReadArguments({Ns}.IArgumentReader reader)");
            source.AppendLine("        {");
            for (var i = 0; i < args.Count; i++)
            {
                source.AppendLine($"            Arg{i} = reader.Read<{args[i].Type}>();");
            }

            source.AppendLine("        }");
            source.AppendLine("    }");
            source.AppendLine();
        }
    }

    private static string Escape(string name) =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;
}
