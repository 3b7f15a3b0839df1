using System.Collections.Immutable;
using FraudActors.Runtime.CodeGen;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FraudActors.Runtime.Tests.Serialization;

/// <summary>Runs the generator on small sources through a Roslyn driver, as the compiler would.</summary>
public sealed class UnsupportedWireTypeDiagnosticTests
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path)),
        MetadataReference.CreateFromFile(typeof(IGrain).Assembly.Location),
    ]);

    [Fact]
    public void An_object_parameter_is_an_error_naming_the_method_and_the_type()
    {
        var diagnostics = Generate("""
            public interface IBadGrain : IGrainWithStringKey
            {
                Task SendAsync(string id, object payload);
            }
            """, out _);

        var error = Assert.Single(diagnostics, d => d.Id == "FA0003");
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        var message = error.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("'IBadGrain.SendAsync'", message, StringComparison.Ordinal);
        Assert.Contains("'object'", message, StringComparison.Ordinal);
        Assert.Contains("parameter 'payload'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsupported_member_deep_in_a_result_is_reported_with_its_path()
    {
        var diagnostics = Generate("""
            public sealed record Outer(string Name, Inner Inner);
            public sealed record Inner(int Count, System.IDisposable Resource);
            public interface IBadGrain : IGrainWithStringKey
            {
                Task<Outer> GetAsync();
            }
            """, out _);

        var message = Assert.Single(diagnostics, d => d.Id == "FA0003").GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("'IBadGrain.GetAsync'", message, StringComparison.Ordinal);
        Assert.Contains("'System.IDisposable'", message, StringComparison.Ordinal);
        Assert.Contains("result → Outer.Inner → Inner.Resource", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("System.Collections.Generic.Dictionary<int, string>", "dictionary keys must be strings")]
    [InlineData("System.Action", "delegates cannot cross process boundaries")]
    [InlineData("int[,]", "multi-dimensional arrays")]
    [InlineData("System.IO.Stream", "abstract types are not supported")]
    [InlineData("System.Collections.Generic.IEnumerable<int>", "interfaces other than")]
    [InlineData("System.Exception", "exceptions cross the wire only as failures")]
    public void Each_kind_of_unsupported_type_says_why(string type, string reason)
    {
        var diagnostics = Generate($$"""
            public interface IBadGrain : IGrainWithStringKey
            {
                Task SendAsync({{type}} value);
            }
            """, out _);

        var message = Assert.Single(diagnostics, d => d.Id == "FA0003").GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(reason, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Code_generated_for_supported_shapes_compiles_without_diagnostics()
    {
        var diagnostics = Generate("""
            public enum Color : short { Red = -1, Blue = 1 }
            public sealed record Tree(string Name, System.Collections.Generic.List<Tree>? Children, Color Color = Color.Blue, double Weight = double.NaN);
            public readonly record struct Pair(int Left, long Right);
            public sealed class Bag { public Pair[] Pairs { get; set; } = []; public System.Collections.Generic.IReadOnlyDictionary<string, Pair?>? Index { get; init; } }
            public sealed class NotFoundException(string key, string message) : System.Exception(message) { public string Key { get; } = key; }
            public interface IGoodGrain : IGrainWithStringKey
            {
                Task<Tree> GrowAsync(Tree seed, Bag bag, System.Collections.Immutable.ImmutableArray<Pair?> pairs);
                ValueTask<int[][]> JaggedAsync(decimal? amount, System.DateTimeOffset at, System.TimeOnly? time);
            }
            """, out var generated);

        Assert.DoesNotContain(diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        var codecs = generated.Single(tree => tree.FilePath.EndsWith("WireCodecs.g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains("WireExceptionCodec<global::NotFoundException>", codecs, StringComparison.Ordinal);
        Assert.Contains("(global::Color)(1)", codecs, StringComparison.Ordinal);
        Assert.Contains("double.NaN", codecs, StringComparison.Ordinal);
        Assert.Contains("reader.ReadTimeOnly()", codecs, StringComparison.Ordinal);
    }

    /// <summary>Runs the generator and compiles its output; returns the generator's and the compiler's diagnostics.</summary>
    private static IReadOnlyList<Diagnostic> Generate(string source, out IReadOnlyList<SyntaxTree> generated)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Preview);
        var tree = CSharpSyntaxTree.ParseText(
            "using System.Threading.Tasks;\nusing FraudActors.Runtime;\n" + source,
            parse,
            cancellationToken: TestContext.Current.CancellationToken);
        var compilation = CSharpCompilation.Create(
            "WireDiagnosticsProbe",
            [tree],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        GeneratorDriver driver = CSharpGeneratorDriver.Create([new GrainInterfaceGenerator().AsSourceGenerator()], parseOptions: parse);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics, TestContext.Current.CancellationToken);
        generated = output.SyntaxTrees.Where(t => !ReferenceEquals(t, tree)).ToList();
        return [.. generatorDiagnostics, .. output.GetDiagnostics(TestContext.Current.CancellationToken)];
    }
}
