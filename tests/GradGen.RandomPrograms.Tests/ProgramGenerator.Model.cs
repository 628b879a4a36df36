using CsCheck;

namespace GradGen.RandomPrograms;

/// <summary>The parts of the model form (<see cref="ModelForm"/>) drawn with the grammar: the callee that takes the model,
/// and a model local's member values. Their names start at 500, apart from the program's.</summary>
public sealed partial class ProgramGenerator
{
    private ProgramGenerator(PCG pcg, bool isFloat) : this(pcg)
    {
        _f = isFloat;
        _names = 500;
    }

    /// <summary><c>M0(T u0, T u1, [ReadOnlySpan&lt;T&gt; v], [n])</c>: a marked callee of the model's members (never written),
    /// sometimes an array as long as <paramref name="arr"/> and F's int n.</summary>
    internal static Method ModelCallee(PCG pcg, bool isFloat, int members, Param? arr, Param? n)
    {
        var g = new ProgramGenerator(pcg, isFloat);
        string t = isFloat ? "float" : "double";
        var ps = new List<Param>();
        var sc = new Scope();
        for (int i = 0; i < members; i++)
        {
            ps.Add(new Param(t, "u" + i, false, false, 0));
            sc.Syms.Add(new Sym { Name = "u" + i, Kind = "real", Assignable = false });
        }
        if (arr is not null)
        {
            ps.Add(new Param("ReadOnlySpan<" + t + ">", "v", false, g.P(20), arr.Value));
            sc.Syms.Add(new Sym { Name = "v", Kind = "arr", Len = arr.Value, IsSpan = true });
        }
        if (n is not null)
        {
            ps.Add(new Param(n.Type, "n", false, false, n.Value));
            sc.Syms.Add(new Sym { Name = "n", Kind = "int", Lo = n.Value, Hi = n.Value + 1, IntType = n.Type });
        }
        Block body = g.P(50) ? new Block(new Stmt[] { new Return(g.RealExpr(sc, 3)) }) : g.Body(sc, 2);
        return new Method(ModelForm.CallName, ps.ToArray(), body, body.S.Length == 1);
    }

    /// <summary>A real expression over F's reals, arrays and n: a model local's new member value.</summary>
    internal static Expr ModelExpr(PCG pcg, Prog p)
    {
        var g = new ProgramGenerator(pcg, p.IsFloat);
        var sc = new Scope();
        foreach (Param q in p.F.Params)
        {
            if (q.IsReal) sc.Syms.Add(new Sym { Name = q.Name, Kind = "real", Assignable = !q.In, IsIn = q.In });
            else if (q.IsArray) sc.Syms.Add(new Sym { Name = q.Name, Kind = "arr", Len = q.Value, IsSpan = !q.Type.EndsWith("[]", StringComparison.Ordinal), IsIn = q.In });
            else if (q.IsInt && q.Name == "n") sc.Syms.Add(new Sym { Name = "n", Kind = "int", Lo = q.Value, Hi = q.Value + 1, IntType = q.Type });
        }
        return g.RealExpr(sc, 2);
    }
}
