using Xunit.Abstractions;

namespace GradGen.RandomPrograms.SelfTests;

/// <summary>Vector form: a share of the programs return a tuple of reals from F, whose FPullback, FJacobian and FPushforward the
/// checker verifies element by element.</summary>
public sealed class VectorFormTests(ITestOutputHelper output)
{
    private static Param D(string name) => new("double", name, false, false, 0);
    private static TupleLit Tuple(params Expr[] values) => new(values, new string?[values.Length]);

    [Fact]
    public void VectorFormRoundTripsThroughTheTextForm()
    {
        Prog p = Enumerable.Range(0, 50).Select(i => Runner.MakeCase(5, i, 0.25, 0, vectorShare: 1.0).Prog).First(q => q.Vector is not null);
        string text = TreeText.Write(p);
        Assert.Contains("(vector (names ", text, StringComparison.Ordinal);
        Prog back = TreeText.Read(text);
        Assert.Equal(p, back);
        Assert.Equal(Printer.Print(p, "C"), Printer.Print(back, "C"));
    }

    [Fact]
    public void WithTheShareAtZeroNoProgramIsInVectorFormAndTheOthersStayAsTheyWere()
    {
        for (int i = 0; i < 100; i++)
        {
            Case none = Runner.MakeCase(7, i, 0.25, 3, vectorShare: 0);
            Case all = Runner.MakeCase(7, i, 0.25, 3, vectorShare: 1.0);
            Assert.Null(none.Prog.Vector);
            Assert.Equal(none.Points.Select(x => x.Point), all.Points.Select(x => x.Point));
            Assert.Equal(none.Points.Select(x => x.Adjoint), all.Points.Select(x => x.Adjoint));
            if (all.Prog.Vector is null) Assert.Equal(none.Prog, all.Prog);
            else
            {
                // The same program but for F's returns: each keeps its value as one element.
                Assert.Null(all.Prog.Model);
                Assert.Equal(none.Prog.Methods[..^1], all.Prog.Methods[..^1]);
                Assert.Equal(none.Prog.F.Params, all.Prog.F.Params);
            }
        }
    }

    [Fact]
    public void AVectorProgramPrintsItsTupleAndPasses()
    {
        // F(x, a, n): (x·a[0], sin(x) + n·a[1]) named, unnamed, and three elements one of them named.
        var f = new Method("F", [D("x"), new Param("double[]", "a", false, false, 2), new Param("int", "n", false, false, 2)],
            new Block([
                new Decl("double", "t", new Bin("*", new Var("x"), new Index("a", new IntLit(0)))),
                new Return(Tuple(new Var("t"), new Bin("+", new Call("Sin", [new Var("x")]), new Bin("*", new Var("n"), new Index("a", new IntLit(1)))))),
            ]), false);
        var named = new Prog(false, [f]) { Vector = new VectorSpec(["U", "V"], [0.625, -1.375]), Forward = true };
        string text = Printer.Print(named, "C");
        output.WriteLine(text);
        Assert.Contains("public static (double U, double V) F(double x, double[] a, int n)", text, StringComparison.Ordinal);
        Assert.Contains("return (t, Math.Sin(x) + n * a[1]);", text, StringComparison.Ordinal);
        string check = Checker.CheckSource(named, "C");
        Assert.Contains("C.FPullback(", check, StringComparison.Ordinal);
        Assert.Contains("seedU: (double)0.625, seedV: (double)-1.375", check, StringComparison.Ordinal);
        Assert.Contains("C.FJacobian(", check, StringComparison.Ordinal);
        Assert.Contains("C.FPushforward(", check, StringComparison.Ordinal);
        Assert.DoesNotContain("FGradient", check, StringComparison.Ordinal);

        var three = named with { Vector = new VectorSpec([null, "Hi", null], [0.75, 1.25, -0.5]), Forward = false };
        var f3 = f with { Body = new Block([f.Body.S[0], new Return(Tuple(new Var("t"), new Var("x"), new Bin("-", new Var("t"), new Index("a", new IntLit(1)))))]) };
        three = three with { Methods = [f3] };
        Assert.Contains("public static (double, double Hi, double) F(", Printer.Print(three, "C"), StringComparison.Ordinal);
        Assert.Contains("seedItem1: (double)0.75, seedHi: (double)1.25, seedItem3: (double)-0.5", Checker.CheckSource(three, "C"), StringComparison.Ordinal);
        Assert.DoesNotContain("FPushforward", Checker.CheckSource(three, "C"), StringComparison.Ordinal);

        double[] point = [0.7, 0.5, -1.25], adj = [0.25, 0.5, 0.75];
        // And in float: its parameters and local float.
        var ff = f with
        {
            Params = f.Params.Select(q => q with { Type = q.Type.Replace("double", "float", StringComparison.Ordinal) }).ToArray(),
            Body = new Block([((Decl)f.Body.S[0]) with { Type = "float" }, f.Body.S[1]]),
        };
        Assert.Contains("public static (float U, float V) F(float x, float[] a, int n)", Printer.Print(new Prog(true, [ff]) { Vector = named.Vector }, "C"), StringComparison.Ordinal);
        foreach (Prog q in new[] { named, three, named with { Vector = new VectorSpec([null, null], [1.5, 0.5]) }, new Prog(true, [ff]) { Vector = named.Vector, Forward = true } })
        {
            int before = Volatile.Read(ref Checker.VectorPointsChecked);
            Outcome o = Checker.CheckOne(q, [(point, adj)]);
            Assert.True(o.Status == Status.Checked, $"{Printer.Print(q, "C")}: {o.Status} {o.Failure?.Kind} {o.Failure?.Detail} {o.Note}");
            Assert.True(Volatile.Read(ref Checker.VectorPointsChecked) > before);
        }
    }

    [Fact]
    public void AWrongExactJacobianRowOrValueIsReported()
    {
        var f = new Method("F", [D("x"), D("y")], new Block([new Return(Tuple(new Bin("*", new Var("x"), new Var("y")), new Call("Exp", [new Var("x")])))]), true);
        var p = new Prog(false, [f]) { Vector = new VectorSpec(["U", "V"], [0.625, -1.375]), Forward = true };
        (double[], double[])[] points = [([0.7, 0.5], [0.25, 0.5])];
        Assert.Equal(Status.Checked, Checker.CheckOne(p, points).Status);
        Outcome Tampered(Action<Evaluation> change)
        {
            Checker.TamperForTests.Value = change;
            try { return Checker.CheckOne(p, points); }
            finally { Checker.TamperForTests.Value = null; }
        }

        // Element 1's gradient off: the pullback's adjoints (seedV · ∂V) disagree.
        Outcome o = Tampered(ev => ev.Grads![1][0] += 0.5);
        Assert.Equal(Status.Failed, o.Status);
        Assert.Equal("wrong:Pullback", o.Failure!.Kind);
        // Off in a way the pullback's seeds cancel (0.625·δ₀ - 1.375·δ₁ = 0): the Jacobian entries disagree.
        o = Tampered(ev => { ev.Grads![0][1] += 1.375; ev.Grads![1][1] += 0.625; });
        Assert.Equal("wrong:Jacobian", o.Failure?.Kind);
        // An element's value off: the interpreter and F disagree.
        Assert.Equal(Status.OracleMismatch, Tampered(ev => ev.Values![1] += 1).Status);
    }

    [Fact]
    public void AShareOfTheProgramsIsInVectorFormAndTheyPass()
    {
        var cases = Enumerable.Range(0, 100).Select(i => Runner.MakeCase(43, i, 0.25, 3, vectorShare: 1.0)).ToList();
        var vector = cases.Where(c => c.Prog.Vector is not null).ToList();
        var texts = vector.Select(c => Printer.Print(c.Prog, "P")).ToList();
        output.WriteLine($"{vector.Count} of {cases.Count} programs in vector form");
        Assert.True(vector.Count >= 40, $"only {vector.Count} of {cases.Count} programs in vector form");
        // Named, unnamed and partly named tuples, of two and three elements, forward mode among them.
        Assert.Contains(vector, c => c.Prog.Vector!.Names.All(n => n is not null));
        Assert.Contains(vector, c => c.Prog.Vector!.Names.All(n => n is null));
        Assert.Contains(vector, c => c.Prog.Vector!.Names.Any(n => n is null) && c.Prog.Vector!.Names.Any(n => n is not null));
        Assert.Contains(vector, c => c.Prog.Vector!.Count == 3);
        Assert.Contains(vector, c => c.Prog.Forward);
        Assert.Contains(texts, t => t.Contains("public static (double", StringComparison.Ordinal) && t.Contains("return (", StringComparison.Ordinal));
        int before = Volatile.Read(ref Checker.VectorPointsChecked);
        var outcomes = Checker.CheckBatch(cases);
        var bad = outcomes.Where(o => o.Status is Status.OracleMismatch or Status.Failed or Status.Invalid).ToList();
        foreach (var o in bad) output.WriteLine($"P{o.Case.Id}: {o.Status} {o.Failure?.Kind} {o.Failure?.Detail} {o.Note}\n{Printer.Print(o.Case.Prog, "P")}");
        Assert.Empty(bad);
        int checkedVector = outcomes.Count(o => o.Status == Status.Checked && o.Case.Prog.Vector is not null);
        output.WriteLine($"{checkedVector} checked in vector form");
        Assert.True(checkedVector >= 30, $"only {checkedVector} programs in vector form checked");
        Assert.True(Volatile.Read(ref Checker.VectorPointsChecked) - before >= checkedVector, "vector-form points were not compared element by element");
    }
}
