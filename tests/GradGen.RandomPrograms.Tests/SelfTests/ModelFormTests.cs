using Xunit.Abstractions;

namespace GradGen.RandomPrograms.SelfTests;

/// <summary>Model form: a share of the programs pack F's real parameters into a model type, which the checker verifies member by member.</summary>
public sealed class ModelFormTests(ITestOutputHelper output)
{
    private static Param D(string name) => new("double", name, false, false, 0);

    [Fact]
    public void ModelFormRoundTripsThroughTheTextForm()
    {
        Prog p = Enumerable.Range(0, 50).Select(i => Runner.MakeCase(5, i, 0.25, 0, modelShare: 1.0).Prog).First(q => ModelForm.Layout(q) is not null);
        string text = TreeText.Write(p);
        Assert.Contains("(model ", text, StringComparison.Ordinal);
        Prog back = TreeText.Read(text);
        Assert.Equal(p, back);
        Assert.Equal(Printer.Print(p, "C"), Printer.Print(back, "C"));
    }

    [Fact]
    public void WithTheShareAtZeroNoProgramIsInModelFormAndThePointsStayAsTheyWere()
    {
        for (int i = 0; i < 100; i++)
        {
            Case none = Runner.MakeCase(7, i, 0.25, 3, modelShare: 0);
            Case all = Runner.MakeCase(7, i, 0.25, 3, modelShare: 1.0);
            Assert.Null(none.Prog.Model);
            Assert.Equal(none.Points.Select(x => x.Point), all.Points.Select(x => x.Point));
            Assert.Equal(none.Points.Select(x => x.Adjoint), all.Points.Select(x => x.Adjoint));
            // A program the model form leaves alone (fewer than two parameters to pack) is the same program.
            if (all.Prog.Model is null) Assert.Equal(none.Prog, all.Prog);
        }
    }

    [Fact]
    public void AModelProgramPrintsTheModelAndItsMembersAndPasses()
    {
        // F(x, y, a) with x, y packed: a nested part, a callee taking the model, a model local changed with `with`.
        var m0 = new Method("M0", [D("u0"), D("u1")], new Block([new Return(new Bin("*", new Var("u0"), new Call("Sin", [new Var("u1")])))]), true);
        var f = new Method("F", [D("x"), new Param("double[]", "a", false, false, 2), D("y")],
            new Block([
                new Decl("double", "s0_A", new Var("x")),
                new Decl("double", "s0_B", new Bin("*", new Var("y"), new Index("a", new IntLit(1)))),
                new Decl("double", "mc0", new Call("M0", [new Var("x"), new Var("y")])),
                new Return(new Bin("+", new Bin("*", new Var("s0_B"), new Var("x")), new Bin("*", new Var("mc0"), new Var("s0_A")))),
            ]), false);
        foreach (string kind in ModelForm.Kinds)
        {
            var p = new Prog(false, [m0, f]) { Model = new ModelSpec(kind, "-", 0), Forward = true };
            string text = Printer.Print(p, "C");
            output.WriteLine(text);
            Assert.Contains("public static double F(Model p, double[] a)", text, StringComparison.Ordinal);
            Assert.Contains("public static double M0(Model p) => p.A * Math.Sin(p.B);", text, StringComparison.Ordinal);
            Assert.Contains("double mc0 = M0(p);", text, StringComparison.Ordinal);
            Assert.Contains(kind is "class" or "ctor" ? "var s0 = new Model(" : "var s0 = p with { B = p.B * a[1] };", text.Replace("new Model { A", "new Model(", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Contains("return s0.B * p.A + mc0 * s0.A;", text, StringComparison.Ordinal);
            Outcome o = Checker.CheckOne(p, [([0.7, 0.5, -1.25, 2.0], [0.25, 0.5, 0.75, 1.0])]);
            Assert.True(o.Status == Status.Checked, $"{kind}: {o.Status} {o.Failure?.Kind} {o.Failure?.Detail} {o.Note}");

            // Nested: x in the part, read as p.Inner.A.
            var nested = p with { Model = new ModelSpec(kind, ModelForm.Kinds[(Array.IndexOf(ModelForm.Kinds, kind) + 1) % ModelForm.Kinds.Length], 1) };
            Assert.Contains("mc0 * s0.Inner.A", Printer.Print(nested, "C"), StringComparison.Ordinal);
            o = Checker.CheckOne(nested, [([0.7, 0.5, -1.25, 2.0], [0.25, 0.5, 0.75, 1.0])]);
            Assert.True(o.Status == Status.Checked, $"{kind} nested: {o.Status} {o.Failure?.Kind} {o.Failure?.Detail} {o.Note}");
        }
    }

    [Fact]
    public void AShareOfTheProgramsIsInModelFormAndTheyPass()
    {
        var cases = Enumerable.Range(0, 100).Select(i => Runner.MakeCase(41, i, 0.25, 3, modelShare: 1.0)).ToList();
        var texts = cases.Where(c => ModelForm.Layout(c.Prog) is not null).Select(c => Printer.Print(c.Prog, "P")).ToList();
        output.WriteLine($"{texts.Count} of {cases.Count} programs in model form");
        Assert.True(texts.Count >= 25, $"only {texts.Count} of {cases.Count} programs in model form");
        // Each variant is drawn: nested parts, callees taking the model, model locals.
        Assert.Contains(texts, t => t.Contains("p.Inner.", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("M0(p", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("var s0 = ", StringComparison.Ordinal));
        // And model values built of their members passed whole: the model local, new and with in the argument.
        Assert.Contains(texts, t => t.Contains("M0(s0", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("M0(new Model", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("M0(p with {", StringComparison.Ordinal));
        // And the model type's own [Differentiable] operator.
        Assert.Contains(texts, t => t.Contains(") * p;", StringComparison.Ordinal) && t.Contains("var o0 = (", StringComparison.Ordinal));
        var outcomes = Checker.CheckBatch(cases);
        var bad = outcomes.Where(o => o.Status is Status.OracleMismatch or Status.Failed or Status.Invalid).ToList();
        foreach (var o in bad) output.WriteLine($"P{o.Case.Id}: {o.Status} {o.Failure?.Kind} {o.Failure?.Detail} {o.Note}\n{Printer.Print(o.Case.Prog, "P")}");
        Assert.Empty(bad);
        int checkedModel = outcomes.Count(o => o.Status == Status.Checked && ModelForm.Layout(o.Case.Prog) is not null);
        output.WriteLine($"{checkedModel} checked in model form");
        Assert.True(checkedModel >= 20, $"only {checkedModel} programs in model form checked");
    }
    [Fact]
    public void ASquareInTheGrammarsGuardsStaysASquareWhenReadsAreReplacedByTheModelLocal()
    {
        // Program 7304 of seed 20261215 read one factor of Clamp's -(0.25 + e * e) from the model local and the other from
        // the parameter, so the bound went positive and Math.Clamp threw inside the tester (0.25 floats as 0.25f).
        var square = new System.Text.RegularExpressions.Regex(@"\(0\.25f? \+ ([^()\s]+) \* ([^()\s]+)\)");
        Case thrower = Runner.MakeCase(20261215, 7304, 0.25, 3);
        Assert.NotNull(ModelForm.Layout(thrower.Prog));
        var programs = new[] { thrower }.Concat(Enumerable.Range(0, 400).Select(i => Runner.MakeCase(43, i, 0.25, 0, modelShare: 1.0)))
            .Select(c => Printer.Print(c.Prog, "P")).Where(t => t.Contains("var s0 = ", StringComparison.Ordinal)).ToList();
        int squares = 0;
        foreach (string text in programs)
        {
            foreach (System.Text.RegularExpressions.Match m in square.Matches(text))
            {
                squares++;
                Assert.True(m.Groups[1].Value == m.Groups[2].Value, m.Value + " in\n" + text);
            }
        }
        output.WriteLine($"{squares} squares in {programs.Count} programs with a model local");
        Assert.True(squares >= 10, $"only {squares} squares");
        Outcome o = Checker.CheckOne(thrower.Prog, thrower.Points);
        Assert.True(o.Status is Status.Checked or Status.CompiledUnchecked or Status.Rejected, $"{o.Status} {o.Failure?.Kind} {o.Note}");
    }
}
