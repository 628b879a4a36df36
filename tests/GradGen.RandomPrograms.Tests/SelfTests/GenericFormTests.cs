using Xunit.Abstractions;

namespace GradGen.RandomPrograms.SelfTests;

/// <summary>Generic form: a share of the programs print marked methods generic over T, which the checker verifies at double and float.</summary>
public sealed class GenericFormTests(ITestOutputHelper output)
{
    [Fact]
    public void GenericFlagRoundTripsThroughTheTextForm()
    {
        Prog p = Runner.MakeCase(5, 0, 0.25, 0).Prog with { Generic = true, Forward = true };
        Prog back = TreeText.Read(TreeText.Write(p));
        Assert.True(back.Generic && back.Forward);
        Assert.Equal(p, back);
    }

    [Fact]
    public void AGenericProgramPrintsItsMethodsOverTAndItsCallsAtTheProgramsType()
    {
        // F(x, a) = G0(x) * a[0] + ... with G0 generic: literals, Math functions and PI over T.
        var g0 = new Method("G0", [new Param("double", "u", false, false, 0)],
            new Block([new Return(new Bin("*", new Call("Sin", [new Var("u")]), new Bin("+", new Lit(2.5), new Const("PI"))))]), true);
        var f = new Method("F", [new Param("double", "x", false, false, 0), new Param("double[]", "a", false, false, 3)],
            new Block([
                new Decl("double", "s", new Lit(0)),
                new For("int", "i", new IntLit(0), new Bin("<", new Var("i"), new Len("a")), false,
                    new Block([new Assign(new Var("s"), "+=", new Bin("*", new Index("a", new Var("i")), new Var("x")))])),
                new Return(new Bin("+", new Var("s"), new Call("G0", [new Var("x")]))),
            ]), false);
        var p = new Prog(false, [g0, f]) { Generic = true };
        string text = Printer.Print(p, "C");
        output.WriteLine(text);
        Assert.Contains("public static T G0<T>(T u) where T : IFloatingPointIeee754<T> => T.Sin(u) * (T.CreateChecked(2.5) + T.Pi);", text);
        // F calls G0, so it stays outside the subset: it calls G0 at double.
        Assert.Contains("return s + G0<double>(x);", text);
        Outcome o = Checker.CheckOne(p, [([0.7, 0.5, -1.25, 2.0], [0.25, 0.5, 0.75, 1.0])]);
        Assert.True(o.Status == Status.Checked, $"{o.Status} {o.Failure?.Kind} {o.Failure?.Detail} {o.Note}");

        // Without the call, F is generic itself and the checker calls it by inference.
        var alone = new Prog(false, [f with { Body = new Block([.. f.Body.S[..^1], new Return(new Var("s"))]) }]) { Generic = true };
        Assert.Contains("public static T F<T>(T x, T[] a) where T : IFloatingPointIeee754<T>", Printer.Print(alone, "C"));
        o = Checker.CheckOne(alone, [([0.7, 0.5, -1.25, 2.0], [0.25, 0.5, 0.75, 1.0])]);
        Assert.True(o.Status == Status.Checked, $"{o.Status} {o.Failure?.Kind} {o.Failure?.Detail} {o.Note}");
    }

    [Fact]
    public void AShareOfTheProgramsHasGenericMethodsAndTheyPass()
    {
        var cases = Enumerable.Range(0, 100).Select(i => Runner.MakeCase(31, i, 0.25, 3, genericShare: 1.0)).ToList();
        int generic = cases.Count(c => GenericForm.GenericMethods(c.Prog).Count > 0);
        output.WriteLine($"{generic} of {cases.Count} programs have a generic method");
        Assert.True(generic >= 10, $"only {generic} of {cases.Count} programs have a generic method");
        var outcomes = Checker.CheckBatch(cases);
        var bad = outcomes.Where(o => o.Status is Status.OracleMismatch || o.Status == Status.Failed).ToList();
        foreach (var o in bad) output.WriteLine($"P{o.Case.Id}: {o.Status} {o.Failure?.Kind} {o.Failure?.Detail} {o.Note}\n{Printer.Print(o.Case.Prog, "P")}");
        Assert.Empty(bad);
        Assert.True(outcomes.Count(o => o.Status == Status.Checked && GenericForm.GenericMethods(o.Case.Prog).Count > 0) >= 8);
    }
}
