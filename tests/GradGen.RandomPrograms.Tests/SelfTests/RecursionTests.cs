using Xunit.Abstractions;

namespace GradGen.RandomPrograms.SelfTests;

/// <summary>Callees that call themselves: drawn in a modest share from a stream of their own, checked like any callee (in
/// every form, Hessian products included), and an endless one (a shrunk depth that no longer falls) is skipped, not run.</summary>
public sealed class RecursionTests(ITestOutputHelper output)
{
    private static bool CallsItself(Method m) => m.Params.Any(q => q.Name == "d" && q.IsInt) && TreeText.Write(new Prog(false, [m])).Contains("(call " + m.Name + " ", StringComparison.Ordinal);

    [Fact]
    public void GrammarDrawsCalleesThatCallThemselvesAndFPassesThemADepth()
    {
        var programs = Enumerable.Range(0, 1000).Select(i => ProgramGenerator.Generate(61 * 7919 + (ulong)i, 0.25)).ToList();
        var recursive = programs.Where(p => p.Methods.Any(CallsItself)).ToList();
        output.WriteLine($"{recursive.Count} of {programs.Count} programs have a callee that calls itself");
        Assert.InRange(recursive.Count, 20, 120);

        // F (or another callee) calls it with a constant depth; the callee passes d - 1.
        int called = recursive.Count(p => p.Methods.Where(CallsItself).Any(r => p.Methods.Where(m => m.Name != r.Name)
            .Any(m => TreeText.Write(new Prog(false, [m])).Contains("(call " + r.Name + " ", StringComparison.Ordinal))));
        output.WriteLine($"{called} of them call it from another method");
        Assert.True(called >= recursive.Count / 2, $"only {called} of {recursive.Count} call their recursive callee");
    }

    [Fact]
    public void ProgramsWithRecursiveCalleesAreCheckedWithTheirHessianProducts()
    {
        var recursive = Enumerable.Range(0, 3000).Select(i => Runner.MakeCase(67, i, 0.25, 3, hessianShare: 1.0))
            .Where(c => c.Prog.Methods.Any(CallsItself)).ToList();
        var cases = recursive.Where(c => c.Prog.Hessian).Take(15).Concat(recursive.Where(c => !c.Prog.Hessian).Take(25)).ToList();
        Assert.True(cases.Count(c => c.Prog.Hessian) >= 6, $"only {cases.Count(c => c.Prog.Hessian)} programs with recursion in Hessian form");
        var outcomes = Checker.CheckBatch(cases);
        foreach (Outcome o in outcomes.Where(o => o.Status is Status.Failed or Status.OracleMismatch))
        {
            output.WriteLine($"P{o.Case.Id}: {o.Status} {o.Failure?.Kind} {o.Failure?.Detail} {o.Note}\n{Printer.Print(o.Case.Prog, "P")}");
        }

        Assert.DoesNotContain(outcomes, o => o.Status is Status.Failed or Status.OracleMismatch);
        int checkedCount = outcomes.Count(o => o.Status == Status.Checked);
        int hessian = outcomes.Count(o => o.Status == Status.Checked && o.Case.Prog.Hessian);
        output.WriteLine($"{checkedCount} of {cases.Count} checked, {hessian} with Hessian products");
        Assert.True(checkedCount >= cases.Count * 6 / 10, $"only {checkedCount} of {cases.Count} checked");
        Assert.True(hessian >= 5, $"only {hessian} checked with Hessian products");
    }

    [Fact]
    public void AnEndlessRecursionIsSkippedBeforeItsCompiledFormRuns()
    {
        // G0 passes d itself, as a shrunk program might: the interpreter stops at its depth limit and the point is skipped as
        // endless, so the compiled G0, which would overflow the stack, never runs.
        var d = new Param("int", "d", false, false, 0);
        var u = new Param("double", "u0", false, false, 0);
        var g = new Method("G0", [u, d], new Block([
            new If(new Bin(">", new Var("d"), new IntLit(0)), new Block([new Return(new Bin("*", new Call("G0", [new Var("u0"), new Var("d")]), new Lit(0.5)))]), null),
            new Return(new Call("Sin", [new Var("u0")])),
        ]), false);
        var f = new Method("F", [new Param("double", "x", false, false, 0)], new Block([new Return(new Call("G0", [new Var("x"), new IntLit(2)]))]), true);
        Outcome o = Checker.CheckOne(new Prog(false, [g, f]), [([0.3], [1.0]), ([0.7], [-1.0])]);
        Assert.Equal(Status.CompiledUnchecked, o.Status);
        Assert.Contains("endless", o.Note, StringComparison.Ordinal);
    }
}
