using GradGen.Generator;
using GradGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace GradGen.Tests.Analyzers;

/// <summary>Partial methods: the attribute may sit on either part, and the implementing part is analyzed
/// wherever it is declared.</summary>
public class PartialMethodTests
{
    [Fact]
    public Task AttributeOnTheImplementationErrorsAreReported() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            public static partial double Loss(double w);

            [Differentiable]
            public static partial double Loss(double w) => {|GG0006:Math.IEEERemainder(w, 3)|} * w;
        }
        """);

    [Fact]
    public Task AttributeOnTheDeclarationErrorsInTheImplementationAreReported() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static partial double Loss(double w);

            public static partial double Loss(double w)
            {
                {|GG0007:try|}
                {
                    return w;
                }
                finally
                {
                }
            }
        }
        """);

    [Fact]
    public Task AttributeOnTheDeclarationImplementationInAnotherFile()
    {
        var test = new CSharpAnalyzerTest<GradGenAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = ReferenceAssemblies.Net.Net80,
        };
        test.TestState.AdditionalReferences.Add(Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(typeof(DifferentiableAttribute).Assembly.Location));
        test.TestState.Sources.Add(("/0/Declaration.cs", """
            using GradGen;

            public static partial class Losses
            {
                [Differentiable]
                public static partial double Loss(double w);
            }
            """));
        test.TestState.Sources.Add(("/0/Implementation.cs", """
            public static partial class Losses
            {
                private static double _last;

                public static partial double Loss(double w)
                {
                    {|GG0009:_last|} = w;
                    return w * w;
                }
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task TypeThatIsNotPartialIsReportedOnTheDeclarationOnly() => Verify.AnalyzerAsync("""
        using GradGen;

        public class {|GG0001:Outer|}
        {
            public static partial class Losses
            {
                [Differentiable]
                public static partial double Loss(double w);

                public static partial double Loss(double w) => w * w;
            }
        }
        """);
}
