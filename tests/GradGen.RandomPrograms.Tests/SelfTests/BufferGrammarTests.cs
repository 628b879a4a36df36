using Xunit.Abstractions;

namespace GradGen.RandomPrograms.SelfTests;

/// <summary>The grammar of buffers and queries: drawn in a modest share, and its oracle follows C# where it is subtle
/// (LINQ's signed zeros and NaNs, views that share their array, h = next sharing one array as C# does).</summary>
public sealed class BufferGrammarTests(ITestOutputHelper output)
{
    private static IEnumerable<Prog> Programs(ulong seed, int n, double floatShare) =>
        Enumerable.Range(0, n).Select(i => ProgramGenerator.Generate(seed * 7919 + (ulong)i, floatShare));

    [Fact]
    public void GrammarDrawsQueriesViewsAndBufferOperationsInAModestShare()
    {
        var progs = Programs(15, 1000, 0.25).ToList();
        var texts = progs.Select(TreeText.Write).ToList();
        var csharp = progs.Select(p => Printer.Print(p, "C")).ToList();
        int Count(Func<int, bool> has) => Enumerable.Range(0, progs.Count).Count(has);
        (string What, int Lo, int Hi, int N)[] shares =
        {
            ("query with a lambda or a method group", 60, 300, Count(i => texts[i].Contains("(query ", StringComparison.Ordinal))),
            ("view", 60, 300, Count(i => texts[i].Contains("(view ", StringComparison.Ordinal))),
            ("copy", 15, 200, Count(i => texts[i].Contains("(copy ", StringComparison.Ordinal))),
            ("fill or clear", 15, 200, Count(i => texts[i].Contains("(fill ", StringComparison.Ordinal))),
            ("reassigned or swapped buffer", 8, 150, Count(i => System.Text.RegularExpressions.Regex.IsMatch(csharp[i], @"\n\s+(w\d+ = (w\d+|new )|\(w\d+, w\d+\) = )"))),
            ("array from a helper", 30, 200, Count(i => System.Text.RegularExpressions.Regex.IsMatch(csharp[i], @"\] e\d+ = A\d\("))),
            ("F calling a callee with custom derivatives", 20, 200, Count(i => System.Text.RegularExpressions.Regex.IsMatch(csharp[i][csharp[i].LastIndexOf(" F(", StringComparison.Ordinal)..], @"\bC\d\("))),
        };
        foreach (var (what, lo, hi, n) in shares)
        {
            output.WriteLine($"{what}: {n} of {progs.Count} programs");
            Assert.True(n >= lo && n <= hi, $"{what} in {n} of {progs.Count} programs, expected {lo} to {hi}");
        }
    }

    [Fact]
    public void AnArrayFromAHelperIsTheHelpersBufferFilledInTheCallersOrder()
    {
        // A0(u0, v) fills r = (u0·v0, u0·u0) and returns it; F(a, x) = e[0] + e[1]·a1 with e = A0(x, a) = x·a0 + x²·a1.
        Expr X = new Var("x"), U = new Var("u0");
        var helper = new Method("A0", new[] { new Param("double", "u0", false, false, 0), new Param("ReadOnlySpan<double>", "v", false, false, 2) },
            new Block(new Stmt[]
            {
                new Decl("double[]", "r", new NewArr("double", new IntLit(2), false)),
                new Assign(new Index("r", new IntLit(0)), "=", new Bin("*", U, new Index("v", new IntLit(0)))),
                new Assign(new Index("r", new IntLit(1)), "+=", new Bin("*", U, U)),
                new Return(new Var("r")),
            }), false);
        var f = new Method("F", new[] { new Param("double[]", "a", false, false, 2), new Param("double", "x", false, false, 0) },
            new Block(new Stmt[]
            {
                new Decl("double[]", "e0", new Call("A0", new Expr[] { X, new Var("a") })),
                new Return(new Bin("+", new Index("e0", new IntLit(0)), new Bin("*", new Index("e0", new IntLit(1)), new Index("a", new IntLit(1))))),
            }), false);
        Prog p = TreeText.Read(TreeText.Write(new Prog(false, new[] { helper, f })));
        Assert.Contains("public static double[] A0(double u0, ReadOnlySpan<double> v)", Printer.Print(p, "C"), StringComparison.Ordinal);
        Assert.False(p.Methods[0].Marked);

        double a0 = 0.5, a1 = -1.0, x = 1.5;
        Evaluation ev = new Interpreter(p).Run(new[] { a0, a1, x });
        Assert.Null(ev.Error);
        Assert.Equal(x * a0 + x * x * a1, ev.Value, 14);
        Assert.Equal(new[] { x, x * x, a0 + 2 * x * a1 }, ev.Grad.Select(g => Math.Round(g, 12)).ToArray());
        Outcome o = Checker.CheckOne(p, new[] { (new[] { a0, a1, x }, new[] { 1.0, 1.0, 1.0 }) });
        Assert.True(o.Status == Status.Checked, $"{o.Status} {o.Failure?.Kind} {o.Failure?.Detail} {o.Note}");
    }

    [Fact]
    public void AnArrayHelpersNoDerivativeScalarIsHeldConstant()
    {
        // A0([NoDerivative] u0) fills r[0] = u0·u0; F(x) = e[0] + x with e = A0(x): the helper holds x constant, dF/dx = 1.
        // (Its body is written where it is called; found as a wrong gradient for a [NoDerivative] span, now GG0012.)
        Expr U = new Var("u0");
        var helper = new Method("A0", new[] { new Param("double", "u0", false, true, 0) },
            new Block(new Stmt[]
            {
                new Decl("double[]", "r", new NewArr("double", new IntLit(1), false)),
                new Assign(new Index("r", new IntLit(0)), "=", new Bin("*", U, U)),
                new Return(new Var("r")),
            }), false);
        var f = new Method("F", new[] { new Param("double", "x", false, false, 0) },
            new Block(new Stmt[]
            {
                new Decl("double[]", "e0", new Call("A0", new Expr[] { new Var("x") })),
                new Return(new Bin("+", new Index("e0", new IntLit(0)), new Var("x"))),
            }), false);
        Prog p = new(false, new[] { helper, f });
        Evaluation ev = new Interpreter(p).Run(new[] { 1.5 });
        Assert.Equal(1.0, ev.Grad[0]);
        Outcome o = Checker.CheckOne(p, new[] { (new[] { 1.5 }, new[] { 1.0 }) });
        Assert.True(o.Status == Status.Checked, $"{o.Status} {o.Failure?.Kind} {o.Failure?.Detail} {o.Note}");
    }

    [Fact]
    public void ACalleeWithCustomDerivativesIsCalledThroughThem()
    {
        // C0(u0, u1) = 1.5·Sin(u0) + Exp(u1) computes through a delegate (GradGen could not differentiate it) and carries
        // [CustomPullback] and [CustomPushforward] written from the same tree; F(x, y) = C0(x·y, y) · x.
        Expr U0 = new Var("u0"), U1 = new Var("u1"), X = new Var("x"), Y = new Var("y");
        var c0 = new Method("C0", new[] { new Param("double", "u0", false, false, 0), new Param("double", "u1", false, false, 0) },
            new Block(new Stmt[] { new Return(new Bin("+", new Bin("*", new Lit(1.5), new Call("Sin", new[] { U0 })), new Call("Exp", new[] { U1 }))) }), true);
        var f = new Method("F", new[] { new Param("double", "x", false, false, 0), new Param("double", "y", false, false, 0) },
            new Block(new Stmt[] { new Return(new Bin("*", new Call("C0", new[] { new Bin("*", X, Y), Y }), X)) }), true);
        Prog p = TreeText.Read(TreeText.Write(new Prog(false, new[] { c0, f }) { Forward = true }));
        string text = Printer.Print(p, "C");
        Assert.Contains("[CustomPullback(typeof(C), nameof(C0))]", text, StringComparison.Ordinal);
        Assert.Contains("u0Adjoint += seed * (1.5 * Math.Cos(u0));", text, StringComparison.Ordinal);
        Assert.Contains("u1Adjoint += seed * (Math.Exp(u1));", text, StringComparison.Ordinal);
        Assert.False(p.Methods[0].Marked);

        double x = 0.7, y = -0.4;
        Evaluation ev = new Interpreter(p).Run(new[] { x, y });
        double c = 1.5 * Math.Sin(x * y) + Math.Exp(y);
        Assert.Equal(c * x, ev.Value, 14);
        Assert.Equal(c + x * 1.5 * Math.Cos(x * y) * y, ev.Grad[0], 13);
        Assert.Equal(x * (1.5 * Math.Cos(x * y) * x + Math.Exp(y)), ev.Grad[1], 13);
        Outcome o = Checker.CheckOne(p, new[] { (new[] { x, y }, new[] { 1.0, 1.0 }) });
        Assert.True(o.Status == Status.Checked, $"{o.Status} {o.Failure?.Kind} {o.Failure?.Detail} {o.Note}");
    }

    [Fact]
    public void TheOracleFollowsLinqViewsAndSharedArrays()
    {
        // F(a, x): a view of a written through another view, LINQ's Average from the first value, and h = next sharing one
        // array (the interpreter keeps the sharing C# has; the program never shows it, so GradGen's copy agrees).
        const string Tree = "(prog double (method F block (params (p double[] a val d 3) (p double x val d 0)) (block "
            + "(decl double[] w0 (new double (int 3))) "
            + "(decl double[] w5 (new double (int 3))) "
            + "(view Span<double> sv1 w0 arr asspan (int 1) (int 2)) "
            + "(asg = (idx sv1 (int 0)) (bin * (var x) (idx a (int 0)))) "
            + "(copy spancopy a arr (int 1) w0 arr (int 0) (int 1)) "
            + "(for int i up (int 0) (bin < (var i) (int 2)) (block (decl double[] w2 (new double (int 3))) (asg = (idx w2 (int 2)) (bin * (var x) (var x))) (asg = (var w5) (var w2)))) "
            + "(decl double t3 (query Average sel (params q4) (var a) (none) (bin * (var q4) (var x)) -)) "
            + "(ret (bin + (bin + (var t3) (idx w5 (int 2))) (bin + (idx w0 (int 1)) (idx w0 (int 0))))))))";
        Prog p = TreeText.Read(Tree);
        Evaluation ev = new Interpreter(p).Run(new[] { 0.5, -1.0, 2.0, 1.5 });
        Assert.Null(ev.Error);
        // Average(q => q * x) = x (a0 + a1 + a2) / 3; w5[2] = x * x after the loop; w0[1] = x a0 (through the view); w0[0] = a1.
        Assert.Equal(1.5 * (0.5 - 1.0 + 2.0) / 3 + 1.5 * 1.5 + 1.5 * 0.5 - 1.0, ev.Value, 14);
        Assert.Equal(new[] { 2.0, 1.5, 0.5, 4.0 }, ev.Grad.Select(g => Math.Round(g, 12)).ToArray());
        Outcome o = Checker.CheckOne(p, new[] { (new[] { 0.5, -1.0, 2.0, 1.5 }, new[] { 1.0, 1.0, 1.0, 1.0 }) });
        Assert.True(o.Status == Status.Checked, $"{o.Status} {o.Failure?.Kind} {o.Failure?.Detail} {o.Note}");

        // Average of -0.0 values is -0.0 with a selector (LINQ starts from the first value), and the oracle says so.
        Prog zeros = TreeText.Read("(prog double (method F expr (params (p double[] a val d 2)) (block (ret (query Average sel (params q0) (var a) (none) (bin * (var q0) (lit 0000000000000000)) -)))))");
        Evaluation z = new Interpreter(zeros).Run(new[] { -1.0, -2.0 });
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(z.Value));
    }
}
