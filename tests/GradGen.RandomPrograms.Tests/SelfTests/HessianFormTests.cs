using Xunit.Abstractions;

namespace GradGen.RandomPrograms.SelfTests;

/// <summary>Hessian form: a share of the double programs mark F Hessian = true, and the checker verifies FHessianVectorProduct
/// by symmetry and by differences of the gradient.</summary>
public sealed class HessianFormTests(ITestOutputHelper output)
{
    private static Param D(string name) => new("double", name, false, false, 0);

    // F(x, y) = x²y + sin(y), and its derivatives written out.
    private static Prog Bowl() => new(false, [new Method("F", [D("x"), D("y")],
        new Block([new Return(new Bin("+", new Bin("*", new Bin("*", new Var("x"), new Var("x")), new Var("y")), new Call("Sin", [new Var("y")])))]), true)]) { Hessian = true };

    private static double[] Gradient(double[] p) => [2 * p[0] * p[1], p[0] * p[0] + Math.Cos(p[1])];

    private static double[] Product(double[] p, double[] v) => [2 * p[1] * v[0] + 2 * p[0] * v[1], 2 * p[0] * v[0] - Math.Sin(p[1]) * v[1]];

    private static Failure? Check(Func<double[], double[], double[]> product)
    {
        Prog p = Bowl();
        double[] point = [0.7, -1.3], u = [0.4, 1.1];
        double[] Call(string name, Func<double[]> f, out Failure? failure)
        {
            failure = null;
            try { return f(); }
            catch (Exception e) { failure = new Failure("throws:" + name + ":" + e.GetType().Name, e.Message, p, point, u); return []; }
        }

        return HessianForm.Check(p, product, Gradient, point, u, differences: true, Call, (kind, detail) => new Failure(kind, detail, p, point, u));
    }

    [Fact]
    public void TheOracleAcceptsTheHessianAndCatchesWrongProducts()
    {
        Assert.Null(Check(Product));

        // One entry off: no longer symmetric.
        Failure? asymmetric = Check((p, v) => { double[] r = Product(p, v); r[0] += 0.01 * v[1]; return r; });
        Assert.Equal("wrong:HessianVectorProduct:symmetry", asymmetric?.Kind);

        // Symmetric but twice too large: the differences of the gradient disagree.
        Failure? doubled = Check((p, v) => Product(p, v).Select(x => 2 * x).ToArray());
        Assert.Equal("wrong:HessianVectorProduct", doubled?.Kind);

        // Thrown: reported as such.
        Failure? thrown = Check((_, _) => throw new InvalidOperationException("no"));
        Assert.Equal("throws:HessianVectorProduct:InvalidOperationException", thrown?.Kind);
    }

    [Fact]
    public void OnlyDoubleScalarProgramsOfRealAndArrayParametersWithoutStopGradientsFit()
    {
        Assert.True(HessianForm.Fits(Bowl()));
        Assert.False(HessianForm.Fits(Bowl() with { IsFloat = true }));
        Assert.True(HessianForm.Fits(Bowl() with { Generic = true }));
        string generic = Printer.Print(Bowl() with { Generic = true }, "C");
        Assert.Contains("[Differentiable(Hessian = true)]\n    public static T F<T>(", generic, StringComparison.Ordinal);
        Assert.False(HessianForm.Fits(Bowl() with { Vector = new VectorSpec([null, null], [1.0, 0.5]) }));
        Prog held = Bowl() with { Methods = [new Method("F", [D("x"), D("y")], new Block([new Return(new Bin("*", new Var("x"), new Call("WithoutDerivative", [new Var("y")])))]), true)] };
        Assert.False(HessianForm.Fits(held));
        Assert.Contains("[Differentiable(Hessian = true)]", Printer.Print(Bowl(), "C"), StringComparison.Ordinal);
        Assert.Equal(Bowl(), TreeText.Read(TreeText.Write(Bowl())));
    }

    [Fact]
    public void AHessianProgramCallingAMarkedMethodAndAHelperPasses()
    {
        // F(x, y) = G0(x·y) + H0(y) with G0 [Differentiable] and H0 a helper: the product goes through their pullbacks pushed forward.
        var g0 = new Method("G0", [D("u")], new Block([new Return(new Bin("*", new Var("u"), new Call("Exp", [new Bin("*", new Lit(0.5), new Var("u"))])))]), true);
        var h0 = new Method("H0", [D("u")], new Block([new Return(new Bin("*", new Call("Sin", [new Var("u")]), new Var("u")))]), true);
        var f = new Method("F", [D("x"), new Param("double[]", "a", false, false, 2), D("y")],
            new Block([new Return(new Bin("+", new Call("G0", [new Bin("*", new Var("x"), new Var("y"))]), new Bin("*", new Call("H0", [new Var("y")]), new Index("a", new IntLit(1)))))]), true);
        var p = new Prog(false, [g0, h0, f]) { Hessian = true };
        string text = Printer.Print(p, "C");
        output.WriteLine(text);
        Assert.Contains("[Differentiable(Hessian = true)]", text, StringComparison.Ordinal);
        long before = Interlocked.Read(ref Checker.HessianDifferencePointsChecked);
        Outcome o = Checker.CheckOne(p, [([0.7, 0.5, -1.25, 0.9], [0.25, 0.5, 0.75, 1.0]), ([-0.3, 1.5, 0.25, 0.4], [1.0, -0.5, 0.25, 2.0])]);
        Assert.True(o.Status == Status.Checked, $"{o.Status} {o.Failure?.Kind} {o.Failure?.Detail} {o.Note}");
        Assert.True(Interlocked.Read(ref Checker.HessianDifferencePointsChecked) >= before + 2);
    }

    [Fact]
    public void AShareOfTheProgramsIsMarkedHessianAndTheyPass()
    {
        var cases = Enumerable.Range(0, 200).Select(i => Runner.MakeCase(47, i, 0.25, 3, hessianShare: 1.0)).ToList();
        var marked = cases.Where(c => c.Prog.Hessian).ToList();
        output.WriteLine($"{marked.Count} of {cases.Count} programs marked Hessian = true");
        Assert.True(marked.Count >= 8, $"only {marked.Count} programs marked Hessian = true");
        Assert.Contains(marked, c => c.Prog.Methods.Length > 1);
        Assert.Equal(cases.Select(c => TreeText.Write(c.Prog with { Hessian = false })), Enumerable.Range(0, 200).Select(i => TreeText.Write(Runner.MakeCase(47, i, 0.25, 3, hessianShare: 0).Prog)));
        long before = Interlocked.Read(ref Checker.HessianPointsChecked);
        var outcomes = Checker.CheckBatch(marked);
        var bad = outcomes.Where(o => o.Status is Status.OracleMismatch or Status.Failed or Status.Invalid or Status.Rejected).ToList();
        foreach (var o in bad) output.WriteLine($"P{o.Case.Id}: {o.Status} {o.Failure?.Kind} {o.Failure?.Detail} {o.Note}\n{Printer.Print(o.Case.Prog, "P")}");
        Assert.DoesNotContain(bad, o => o.Status != Status.Rejected || o.RejectedId != "GG0012");
        Assert.True(Interlocked.Read(ref Checker.HessianPointsChecked) - before >= 10);
    }
    [Fact]
    public void EveryFormPrintsTheAttributeOnF()
    {
        // Generic and model form print F their own way: each must carry Hessian = true (a program without it has no product to check).
        int generic = 0, model = 0, memberwise = 0;
        for (int i = 0; i < 1500; i++)
        {
            Prog p = Runner.MakeCase(53, i, 0.25, 0, genericShare: 0.6, modelShare: 0.4, hessianShare: 1.0).Prog;
            if (!p.Hessian) continue;
            string text = Printer.Print(p, "C");
            Assert.True(text.Split("Hessian = true").Length == 2, text);
            if (text.Contains("F<T>(", StringComparison.Ordinal)) generic++;
            if (text.Contains(" Model p", StringComparison.Ordinal)) model++;
            if (text.Contains("M0(p", StringComparison.Ordinal)) memberwise++;
        }

        output.WriteLine($"{generic} generic, {model} in model form, {memberwise} passing the model whole");
        Assert.True(generic >= 3 && model >= 3 && memberwise >= 1, $"{generic} generic, {model} in model form, {memberwise} passing the model whole");
    }
}
