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
            Decl d when d.Init is not NewArr => new[] { d.Init },
            Assign a => a.Value is null ? Array.Empty<Expr>() : new[] { a.Value },
            If i => new[] { i.C }.Concat(Of(i.Then)).Concat(i.Else is null ? Array.Empty<Expr>() : Of(i.Else)),
            For f => new[] { f.Cond }.Concat(Of(f.Body)),
            While w => new[] { w.C }.Concat(Of(w.Body)),
            DoWhile d => new[] { d.C }.Concat(Of(d.Body)),
            Foreach fe => Of(fe.Body),
            Return r => new[] { r.E },
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
        MemberAccessExpressionSyntax { Name.Identifier.Text: "Length", Expression: IdentifierNameSyntax a } => new Len(a.Identifier.Text),
        MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "SinCos" } } inv, Name.Identifier.Text: var element and ("Sin" or "Cos") } =>
            new Call("SinCos." + element, inv.ArgumentList.Arguments.Select(a => FromSyntax(a.Expression)).ToArray()),
        MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "Math" }, Name.Identifier.Text: var k and ("PI" or "E") } => new Const(k),
        ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax a } ea when ea.ArgumentList.Arguments.Count == 1 => new Index(a.Identifier.Text, FromSyntax(ea.ArgumentList.Arguments[0].Expression)),
        PrefixUnaryExpressionSyntax u when u.OperatorToken.Text is "-" or "!" => new Unary(u.OperatorToken.Text, FromSyntax(u.Operand)),
        BinaryExpressionSyntax b => new Bin(b.OperatorToken.Text, FromSyntax(b.Left), FromSyntax(b.Right)),
        ConditionalExpressionSyntax c => new Cond(FromSyntax(c.Condition), FromSyntax(c.WhenTrue), FromSyntax(c.WhenFalse)),
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
}

