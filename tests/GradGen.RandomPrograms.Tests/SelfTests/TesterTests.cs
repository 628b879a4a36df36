using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit.Abstractions;

namespace GradGen.RandomPrograms.SelfTests;

/// <summary>Tests of the tester itself: printer, text form, interpreter, detection of the known bugs.</summary>
public sealed class TesterTests(ITestOutputHelper output)
{
    private static IEnumerable<Prog> Programs(ulong seed, int n, double floatShare) =>
        Enumerable.Range(0, n).Select(i => ProgramGenerator.Generate(seed * 7919 + (ulong)i, floatShare));

    [Fact]
    public void PrintedProgramsParseWithoutErrors()
    {
        foreach (Prog p in Programs(11, 300, 0.5))
        {
            SyntaxTree t = CSharpSyntaxTree.ParseText(Printer.Print(p, "C"), Checker.ParseOptions);
            Assert.Empty(t.GetDiagnostics());
        }
    }

    [Fact]
    public void PrintedExpressionsParseBackToTheSameTreeAndEveryParenthesisIsNeeded()
    {
        int parens = 0;
        foreach (Prog p in Programs(12, 150, 0))
        {
            foreach (Expr e in Expressions(p))
            {
                string text = Printer.Print(e, false);
                ExpressionSyntax parsed = SyntaxFactory.ParseExpression(text, options: Checker.ParseOptions);
                Assert.Empty(parsed.GetDiagnostics());
                Assert.Equal(e, FromSyntax(parsed));
                // Parenthesized expressions and parenthesized patterns (not (>= 0.5 and < 1.0)).
                foreach (SyntaxNode par in parsed.DescendantNodesAndSelf().Where(n => n is ParenthesizedExpressionSyntax or ParenthesizedPatternSyntax))
                {
                    parens++;
                    SyntaxNode inner = par is ParenthesizedExpressionSyntax pe ? pe.Expression : ((ParenthesizedPatternSyntax)par).Pattern;
                    string without = text[..par.SpanStart] + inner.ToString() + text[par.Span.End..];
                    ExpressionSyntax re = SyntaxFactory.ParseExpression(without, options: Checker.ParseOptions);
                    Expr? back = re.GetDiagnostics().Any() ? null : TryFromSyntax(re);
                    Assert.False(e.Equals(back), $"redundant parentheses in {text}");
                }
            }
        }
        Assert.True(parens > 100, $"only {parens} parenthesized expressions were printed");
    }

    [Fact]
    public void GrammarDrawsPatternsAndSwitchesInAModestShare()
    {
        var progs = Programs(14, 1000, 0.25).ToList();
        var texts = progs.Select(TreeText.Write).ToList();
        (string What, string Tag)[] constructs =
        {
            ("is pattern", "(is "), ("switch expression", "(swx "), ("switch statement", "(switch "),
            ("and pattern", "(pand "), ("or pattern", "(por "), ("not pattern", "(pnot "), ("default section", "(default)"),
            ("?:", "(cond "), ("for", "(for "), ("if", "(if "), ("tuple deconstruction", "(tuple "),
            ("tuple local", "(tdecl "), ("tuple local assigned whole", "(tasg "), ("tuple local deconstructed", "(tfrom "),
            ("tuple element read or written", "(tel "), ("tuple data read", "(tdx "), ("foreach over tuple data", "(tforeach "),
            ("local function", "(localfn "), ("uint counter", "(for uint "), ("ulong counter", "(for ulong "), ("short/ushort/byte/sbyte local", "(decl short |(decl ushort |(decl byte |(decl sbyte "),
        };
        foreach (var (what, tag) in constructs)
        {
            int n = texts.Count(t => tag.Split('|').Any(x => t.Contains(x, StringComparison.Ordinal)));
            output.WriteLine($"{what}: {n} of {progs.Count} programs");
        }
        output.WriteLine($"when guard: {progs.Count(p => Printer.Print(p, "C").Contains(" when ", StringComparison.Ordinal))} of {progs.Count} programs");
        // Enough to test them, few enough that the other constructs keep their share.
        foreach (var (what, tag, lo, hi) in new[] { ("is", "(is ", 80, 250), ("switch expression", "(swx ", 60, 200), ("switch statement", "(switch ", 50, 160),
            ("tuple local", "(tdecl ", 60, 250), ("tuple data", "(p {int_K,", 50, 150), ("uint counter", "(for uint ", 30, 200) })
        {
            int n = texts.Count(t => t.Contains(tag, StringComparison.Ordinal));
            Assert.True(n >= lo && n <= hi, $"{what} in {n} of {progs.Count} programs, expected {lo} to {hi}");
        }
    }

    [Fact]
    public void TreeTextRoundTrips()
    {
        foreach (Prog p in Programs(13, 300, 0.5))
        {
            string s = TreeText.Write(p);
            Prog back = TreeText.Read(s);
            Assert.Equal(p, back);
            Assert.Equal(Printer.Print(p, "C"), Printer.Print(back, "C"));
        }
    }

    [Fact]
    public void InterpreterDerivativesMatchAnalyticOnes()
    {
        // F(x, y) = sin(x)·y + exp(x·y) / (1.5 + y·y)
        Expr xy = new Bin("*", new Var("x"), new Var("y"));
        Expr body = new Bin("+", new Bin("*", new Call("Sin", new Expr[] { new Var("x") }), new Var("y")),
            new Bin("/", new Call("Exp", new[] { xy }), new Bin("+", new Lit(1.5), new Bin("*", new Var("y"), new Var("y")))));
        var p = new Prog(false, new[] { new Method("F", new[] { new Param("double", "x", false, false, 0), new Param("double", "y", false, false, 0) }, new Block(new Stmt[] { new Return(body) }), true) });
        double x = 0.3, y = -1.2;
        Evaluation ev = new Interpreter(p).Run(new[] { x, y });
        double d = 1.5 + y * y;
        Assert.Equal(Math.Sin(x) * y + Math.Exp(x * y) / d, ev.Value);
        Assert.Equal(Math.Cos(x) * y + y * Math.Exp(x * y) / d, ev.Grad[0], 1e-14);
        Assert.Equal(Math.Sin(x) + x * Math.Exp(x * y) / d - Math.Exp(x * y) * 2 * y / (d * d), ev.Grad[1], 1e-14);
    }

    [Fact]
    public void InterpreterPrimalIsBitIdenticalToCompiledCode()
    {
        var cases = Enumerable.Range(0, 300).Select(i => Runner.MakeCase(77, i, 0.5, 3)).ToList();
        var outcomes = Checker.CheckBatch(cases);
        var mismatches = outcomes.Where(o => o.Status == Status.OracleMismatch).ToList();
        foreach (var m in mismatches) output.WriteLine($"P{m.Case.Id}: {m.Note}\n{Printer.Print(m.Case.Prog, "P")}");
        Assert.Empty(mismatches);
        // The primal is compared for every program that compiled and was not skipped: most of them.
        int compared = outcomes.Count(o => o.Status == Status.Checked || o.Status == Status.Failed && o.Failure!.Kind is not "compile" and not "generator");
        Assert.True(compared >= 0.8 * cases.Count, $"primal compared for only {compared} of {cases.Count}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void InterpreterPatternsAndSwitchesMatchCompiledCSharpAtNaNAndBoundaries(bool isFloat)
    {
        // Relational patterns are false on NaN (so not > c is true), and/or/not as C# nests them, switch arms in
        // order, a default section wherever it stands, guards, continue out of a section: at NaN, infinities,
        // signed zeros and the constants themselves, where the random points never go.
        string t = isFloat ? "float" : "double";
        Expr X = new Var("x"), S = new Var("s");
        Expr L(double v) => v < 0 ? new Unary("-", new Lit(-v)) : new Lit(v);
        Stmt Add(Expr c, double v) => new If(c, new Block(new Stmt[] { new Assign(S, "+=", new Lit(v)) }), null);
        Block B(params Stmt[] s) => new(s);
        Pat Rel(string op, double v) => new PRel(op, L(v));
        Pat And(Pat a, Pat b) => new PBin("and", a, b);
        Pat Or(Pat a, Pat b) => new PBin("or", a, b);
        Stmt[] body =
        {
            new Decl(t, "s", new Lit(0)),
            Add(new Is(X, Rel(">", 0.5)), 1),
            Add(new Is(X, new PNot(Rel(">", 0.5))), 2),
            Add(new Is(X, Or(Rel("<", -0.5), Rel(">=", 1))), 4),
            Add(new Is(X, And(Rel(">=", 0), Rel("<", 1))), 8),
            Add(new Is(X, new PNot(And(Rel(">=", 0), Rel("<", 1)))), 16),
            // not binds tighter than and, and tighter than or: not < 0 or > 1 and < 1.5 is (not < 0) or (> 1 and < 1.5).
            Add(new Is(new Bin("*", X, new Lit(2)), Or(new PNot(Rel("<", 0)), And(Rel(">", 1), Rel("<", 1.5)))), 32),
            Add(new Is(new Var("n"), Or(new PConst(new IntLit(0)), new PConst(new IntLit(2)))), 64),
            new Assign(S, "+=", new SwitchExpr(X, new[]
            {
                new Arm(Rel("<", 0), null, new Lit(128)),
                new Arm(And(Rel(">=", 0), Rel("<", 1)), new Bin(">", X, new Lit(0.25)), new Lit(256)),
                new Arm(new PNot(Rel("<", 1.5)), null, new Lit(512)),
                new Arm(new PDiscard(), null, new Lit(1024)),
            })),
            // i = 0 default (first), 1 and 2 a braced section with a local, 3 a guard (else default), 4 continue, 5 return.
            new For("int", "i", new IntLit(0), new Bin("<", new Var("i"), new IntLit(7)), false, B(
                new Switch(new Var("i"), new[]
                {
                    new Section(new[] { new CaseLabel(null, null) }, B(new Assign(S, "+=", new Lit(1))), false, new Break()),
                    new Section(new[] { new CaseLabel(new PConst(new IntLit(1)), null), new CaseLabel(new PConst(new IntLit(2)), null) },
                        B(new Decl(t, "u", new Bin("*", S, new Lit(0.5))), new Assign(S, "+=", new Var("u"))), true, new Break()),
                    new Section(new[] { new CaseLabel(new PConst(new IntLit(5)), null) }, B(), false, new Return(new Bin("*", S, new Lit(3)))),
                    new Section(new[] { new CaseLabel(new PRel(">", new IntLit(3)), null) }, B(new Assign(S, "*=", new Lit(3))), false, new Continue()),
                    new Section(new[] { new CaseLabel(new PConst(new IntLit(3)), new Is(X, Rel(">", 0))) }, B(new Assign(S, "+=", new Lit(2048))), false, new Break()),
                }),
                new Assign(S, "*=", new Lit(2)))),
            new Return(S),
        };
        var p = new Prog(isFloat, new[] { new Method("F", new[] { new Param(t, "x", false, false, 0), new Param("int", "n", false, false, 0) }, new Block(body), false) });
        Assert.Equal(p, TreeText.Read(TreeText.Write(p)));
        double[] xs = { double.NaN, double.NegativeInfinity, double.PositiveInfinity, -1, -0.5, -0.0, 0, 0.25, 0.5, 0.75, 1, 1.5, 2 };
        foreach (int n in new[] { 0, 1, 2 })
        {
            var pn = p with { Methods = new[] { p.F with { Params = new[] { p.F.Params[0], p.F.Params[1] with { Value = n } } } } };
            MethodInfo f = CompileF(pn);
            foreach (double x in xs)
            {
                object expected = f.Invoke(null, new object[] { isFloat ? (object)(float)x : x, n })!;
                double e = isFloat ? (float)expected : (double)expected;
                double got = new Interpreter(pn).Run(new[] { x }).Value;
                Assert.True(BitConverter.DoubleToInt64Bits(e) == BitConverter.DoubleToInt64Bits(got), $"n = {n}, x = {x}: C# {e}, interpreter {got}\n{Printer.Print(pn, "C")}");
            }
        }
    }

    [Fact]
    public void RelationalPatternsOnDifferentiableValuesRecordTheirMargins()
    {
        // Like x > 0.5: near the constant a point is skipped; on a constant value (held by WithoutDerivative) it is not.
        Expr X = new Var("x");
        Prog Of(Expr e) => new(false, new[] { new Method("F", new[] { new Param("double", "x", false, false, 0) }, new Block(new Stmt[] { new Return(e) }), true) });
        Expr Sq = new Bin("*", X, X);
        Expr[] near =
        {
            new Cond(new Is(X, new PBin("and", new PRel(">", new Lit(0.5)), new PRel("<", new Lit(2)))), Sq, X),
            new Cond(new Is(X, new PNot(new PRel(">", new Lit(0.5)))), Sq, X),
            new SwitchExpr(X, new[] { new Arm(new PRel("<", new Lit(0.5)), null, Sq), new Arm(new PDiscard(), null, X) }),
            new SwitchExpr(new Bin("*", X, new Lit(2)), new[] { new Arm(new PRel(">=", new IntLit(1)), null, Sq), new Arm(new PDiscard(), null, X) }),
        };
        foreach (Expr e in near)
        {
            Evaluation ev = new Interpreter(Of(e)).Run(new[] { 0.5 + 1e-9 });
            Assert.True(ev.MinMargin < 1e-6 && ev.MarginAt == "Compare", $"{Printer.Print(e, false)}: margin {ev.MinMargin} at {ev.MarginAt}");
            Assert.True(new Interpreter(Of(e)).Run(new[] { 0.8 }).MinMargin > 1e-3);
        }
        Expr held = new SwitchExpr(new Call("WithoutDerivative", new[] { X }), new[] { new Arm(new PRel("<", new Lit(0.5)), null, Sq), new Arm(new PDiscard(), null, X) });
        Assert.Equal(double.PositiveInfinity, new Interpreter(Of(held)).Run(new[] { 0.5 + 1e-9 }).MinMargin);
    }

    private static MethodInfo CompileF(Prog p)
    {
        var refs = Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(GradGen.DifferentiableAttribute).Assembly.Location));
        var c = CSharpCompilation.Create("Patterns" + Guid.NewGuid().ToString("N"), new[] { CSharpSyntaxTree.ParseText(Printer.Print(p, "C"), Checker.ParseOptions) }, refs,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        using var ms = new MemoryStream();
        var r = c.Emit(ms);
        Assert.True(r.Success, string.Join("\n", r.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return System.Reflection.Assembly.Load(ms.ToArray()).GetType("C")!.GetMethod("F")!;
    }

    [Fact]
    public void SaturatedFloatTanhIsNotReportedButAWrongDerivativeNearItIs()
    {
        // MathF.Tanh(9.5f) rounds to 1f, so GradGen's float derivative 1 − t·t is 0 where the exact one is
        // 1000·(1 − tanh²(9.5)) ≈ 2.2e-5: float's own rounding, which the bound must allow.
        Prog Tanh(double factor) => new(true, new[] { new Method("F", new[] { new Param("float", "x", false, false, 0) },
            new Block(new Stmt[] { new Return(new Bin("*", new Lit(factor), new Call("Tanh", new Expr[] { new Var("x") }))) }), true) });
        var saturated = new List<(double[], double[])> { (new[] { 9.5 }, new[] { 0.625 }) };
        Outcome ok = Checker.CheckOne(Tanh(1000), saturated);
        Assert.True(ok.Status == Status.Checked, $"{ok.Status} {ok.Failure?.Detail} {ok.Note}");

        // The allowance is for the rounding of 1 − t·t only: at x = 0.5 the same program is checked to 1e-3.
        Evaluation ev = new Interpreter(Tanh(1000)).Run(new[] { 0.5 });
        double t = Math.Tanh(0.5);
        Assert.Equal(1000 * (1 - t * t), ev.Grad[0], 1e-9);
        Assert.True(ev.Bound[0] < 1000 * (1 + t * t) * 1.0001, $"bound {ev.Bound[0]}");
    }

    public static IEnumerable<object[]> Bugs => KnownBugs.All.Select(b => new object[] { b });

    [Theory]
    [MemberData(nameof(Bugs))]
    public void TesterReportsTheKnownBugs(KnownBugs.Bug bug)
    {
        Outcome o = Checker.CheckOne(bug.Prog, KnownBugs.Points(bug));
        output.WriteLine($"{o.Status} {o.Failure?.Kind} {o.Failure?.Detail} {o.Note}");
        Assert.NotEqual(Status.OracleMismatch, o.Status);
        Assert.NotEqual(Status.Invalid, o.Status);
        if (bug.Fixed) Assert.Equal(Status.Checked, o.Status);
        else Assert.Equal(Status.Failed, o.Status);
    }

    private static IEnumerable<Expr> Expressions(Prog p)
    {
        IEnumerable<Expr> Of(Block b) => b.S.SelectMany(s => s switch
        {
            Decl d when d.Init is not NewArr and not Row => new[] { d.Init },
            Assign a => a.Value is null ? Array.Empty<Expr>() : new[] { a.Value },
            If i => new[] { i.C }.Concat(Of(i.Then)).Concat(i.Else is null ? Array.Empty<Expr>() : Of(i.Else)),
            For f => new[] { f.Cond }.Concat(Of(f.Body)),
            While w => new[] { w.C }.Concat(Of(w.Body)),
            DoWhile d => new[] { d.C }.Concat(Of(d.Body)),
            Foreach fe => Of(fe.Body),
            ForeachTuple fe => Of(fe.Body),
            Return r => new[] { r.E },
            TupleSet dc => dc.Values,
            Switch sw => new[] { sw.E }
                .Concat(sw.Sections.SelectMany(sec => sec.Labels.Where(l => l.When is not null).Select(l => l.When!)))
                .Concat(sw.Sections.SelectMany(sec => Of(new Block(sec.Body.S.Append(sec.End).ToArray())))),
            _ => Array.Empty<Expr>(),
        });
        return p.Methods.SelectMany(m => Of(m.Body));
    }

    private static Expr? TryFromSyntax(ExpressionSyntax e)
    {
        try { return FromSyntax(e); }
        catch (NotSupportedException) { return null; }
    }

    /// <summary>Roslyn's parse of a printed expression, back in the tester's tree (parentheses dropped).</summary>
    private static Expr FromSyntax(ExpressionSyntax e) => e switch
    {
        ParenthesizedExpressionSyntax p => FromSyntax(p.Expression),
        LiteralExpressionSyntax { Token.Value: double d } => new Lit(d),
        LiteralExpressionSyntax { Token.Value: int i } => new IntLit(i),
        IdentifierNameSyntax id => new Var(id.Identifier.Text),
        MemberAccessExpressionSyntax { Name.Identifier.Text: "Length", Expression: IdentifierNameSyntax { Identifier.Text: "m" } } => new MLen("m", -1), // the two-dimensional parameter
        MemberAccessExpressionSyntax { Name.Identifier.Text: "Length", Expression: IdentifierNameSyntax a } => new Len(a.Identifier.Text),
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax a, Name.Identifier.Text: "GetLength" }, ArgumentList.Arguments: [{ Expression: LiteralExpressionSyntax { Token.Value: int d } }] } =>
            new MLen(a.Identifier.Text, d),
        ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax m } ea when ea.ArgumentList.Arguments.Count == 2 =>
            new MIndex(m.Identifier.Text, FromSyntax(ea.ArgumentList.Arguments[0].Expression), FromSyntax(ea.ArgumentList.Arguments[1].Expression)),
        MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "SinCos" } } inv, Name.Identifier.Text: var element and ("Sin" or "Cos") } =>
            new Call("SinCos." + element, inv.ArgumentList.Arguments.Select(a => FromSyntax(a.Expression)).ToArray()),
        MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "Math" }, Name.Identifier.Text: var k and ("PI" or "E") } => new Const(k),
        ElementAccessExpressionSyntax { Expression: ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax d } row } ea when ea.ArgumentList.Arguments.Count == 1 =>
            new JIndex(d.Identifier.Text, FromSyntax(row.ArgumentList.Arguments[0].Expression), FromSyntax(ea.ArgumentList.Arguments[0].Expression)),
        MemberAccessExpressionSyntax { Name.Identifier.Text: "Length", Expression: ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax d } row } =>
            new RowLen(d.Identifier.Text, FromSyntax(row.ArgumentList.Arguments[0].Expression)),
        ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax a } ea when ea.ArgumentList.Arguments.Count == 1 => new Index(a.Identifier.Text, FromSyntax(ea.ArgumentList.Arguments[0].Expression)),
        // q.dx, q.Item1 of a tuple local; td[i].V of tuple data.
        MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax t, Name.Identifier.Text: var member } when t.Identifier.Text is not ("Math" or "MathF") => new TupleElem(t.Identifier.Text, member),
        MemberAccessExpressionSyntax { Expression: ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax d } row, Name.Identifier.Text: var member } when member != "Length" =>
            new TupleDataElem(d.Identifier.Text, FromSyntax(row.ArgumentList.Arguments[0].Expression), member),
        CastExpressionSyntax { Type: PredefinedTypeSyntax { Keyword.Text: "int" } } c => new ToInt(FromSyntax(c.Expression)),
        AssignmentExpressionSyntax { OperatorToken.Text: "=" } a => new AssignExpr(FromSyntax(a.Left), "=", FromSyntax(a.Right)),
        PrefixUnaryExpressionSyntax { OperatorToken.Text: "++" } u => new AssignExpr(FromSyntax(u.Operand), "pre++", null),
        PostfixUnaryExpressionSyntax { OperatorToken.Text: "++" } u => new AssignExpr(FromSyntax(u.Operand), "post++", null),
        PrefixUnaryExpressionSyntax u when u.OperatorToken.Text is "-" or "!" => new Unary(u.OperatorToken.Text, FromSyntax(u.Operand)),
        BinaryExpressionSyntax b => new Bin(b.OperatorToken.Text, FromSyntax(b.Left), FromSyntax(b.Right)),
        ConditionalExpressionSyntax c => new Cond(FromSyntax(c.Condition), FromSyntax(c.WhenTrue), FromSyntax(c.WhenFalse)),
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax a, Name.Identifier.Text: var fn and ("Sum" or "Average" or "Max" or "Min") }, ArgumentList.Arguments.Count: 0 } =>
            new Reduce(fn, a.Identifier.Text),
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "Sum" or "Average" or "Max" or "Min", Expression: not (IdentifierNameSyntax { Identifier.Text: "Math" or "MathF" } or PredefinedTypeSyntax) } } query => FromQuery(query),
        ArrayCreationExpressionSyntax { Type: { RankSpecifiers: [{ Sizes: [var size] }], ElementType: PredefinedTypeSyntax elem } } => new NewArr(elem.Keyword.Text, FromSyntax(size), false),
        InvocationExpressionSyntax inv => new Call(inv.Expression switch
        {
            MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "Math" or "Gradients" }, Name: var n } => n.Identifier.Text,
            MemberAccessExpressionSyntax { Expression: PredefinedTypeSyntax { Keyword.Text: "double" or "float" }, Name: var n } => n.Identifier.Text,
            IdentifierNameSyntax n => n.Identifier.Text,
            _ => throw new NotSupportedException(inv.ToString()),
        }, inv.ArgumentList.Arguments.Select(a => FromSyntax(a.Expression)).ToArray()),
        IsPatternExpressionSyntax i => new Is(FromSyntax(i.Expression), FromPattern(i.Pattern)),
        SwitchExpressionSyntax sw => new SwitchExpr(FromSyntax(sw.GoverningExpression), sw.Arms.Select(a =>
            new Arm(FromPattern(a.Pattern), a.WhenClause is null ? null : FromSyntax(a.WhenClause.Condition), FromSyntax(a.Expression))).ToArray()),
        _ => throw new NotSupportedException(e.Kind().ToString()),
    };

    /// <summary>A query back in the tree: Src.Fn(lambda or Math.F), Src.Select(lambda).Fn(), Src.Zip(Src2, lambda).Fn().</summary>
    private static Query FromQuery(InvocationExpressionSyntax inv)
    {
        var fn = (MemberAccessExpressionSyntax)inv.Expression;
        string name = fn.Name.Identifier.Text;
        Expr Source(ExpressionSyntax e) => e is ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax d } row
            ? new Row(d.Identifier.Text, FromSyntax(row.ArgumentList.Arguments[0].Expression))
            : FromSyntax(e);
        (string[] Params, Expr Body) Lambda(ExpressionSyntax e) => e switch
        {
            SimpleLambdaExpressionSyntax l => (new[] { l.Parameter.Identifier.Text }, FromSyntax((ExpressionSyntax)l.Body)),
            ParenthesizedLambdaExpressionSyntax l => (l.ParameterList.Parameters.Select(p => p.Identifier.Text).ToArray(), FromSyntax((ExpressionSyntax)l.Body)),
            _ => throw new NotSupportedException(e.ToString()),
        };
        if (inv.ArgumentList.Arguments.Count == 1)
        {
            ExpressionSyntax selector = inv.ArgumentList.Arguments[0].Expression;
            if (selector is MemberAccessExpressionSyntax group)
                return new Query(name, "group", Source(fn.Expression), null, Array.Empty<string>(), null, group.Name.Identifier.Text);
            var (ps, body) = Lambda(selector);
            return new Query(name, "sel", Source(fn.Expression), null, ps, body, null);
        }

        if (inv.ArgumentList.Arguments.Count != 0 || fn.Expression is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax innerFn } inner)
            throw new NotSupportedException(inv.ToString());
        var args = inner.ArgumentList.Arguments;
        if (innerFn.Name.Identifier.Text == "Select")
        {
            var (ps, body) = Lambda(args[0].Expression);
            return new Query(name, "select", Source(innerFn.Expression), null, ps, body, null);
        }

        var (zps, zbody) = Lambda(args[1].Expression);
        return new Query(name, "zip", Source(innerFn.Expression), Source(args[0].Expression), zps, zbody, null);
    }

    private static Pat FromPattern(PatternSyntax p) => p switch
    {
        ParenthesizedPatternSyntax par => FromPattern(par.Pattern),
        DiscardPatternSyntax => new PDiscard(),
        ConstantPatternSyntax c => new PConst(FromSyntax(c.Expression)),
        RelationalPatternSyntax r => new PRel(r.OperatorToken.Text, FromSyntax(r.Expression)),
        UnaryPatternSyntax { OperatorToken.Text: "not" } u => new PNot(FromPattern(u.Pattern)),
        BinaryPatternSyntax b => new PBin(b.OperatorToken.Text, FromPattern(b.Left), FromPattern(b.Right)),
        _ => throw new NotSupportedException(p.Kind().ToString()),
    };

    /// <summary>Found by 100,000 programs at ee91f63: x² != z - z at x = 0 has a zero derivative on both sides, and the
    /// Hessian's differences of the gradient crossed the branch. The point is now near a branch.</summary>
    [Fact]
    public void AComparisonOfAValueWithAZeroDerivativeIsAMargin()
    {
        Prog p = TreeText.Read("(prog double hessian (method F block (params (p double z val d 0) (p double x val d 0)) (block (for uint i0 up (int 0) (bin < (var i0) (int 2)) (block (asg ++ (var x)))) (ret (bin * (var x) (cond (bin != (call Pow (var x) (lit 4000000000000000)) (bin - (var z) (var z))) (lit 3ff0000000000000) (var z)))))))");
        Evaluation at = new Interpreter(p).Run(new[] { 1.0, -2.0 });
        Assert.True(at.MinMargin == 0 && at.MarginAt == "Compare", $"margin {at.MinMargin} at {at.MarginAt}");
        Assert.True(new Interpreter(p).Run(new[] { 1.0, -1.0 }).MinMargin > 0.1);
    }
}
