using System.Globalization;
using CsCheck;

namespace GradGen.RandomPrograms;

/// <summary>
/// The vector form of a program (<see cref="Prog.Vector"/>): F returns a value tuple of Count reals, its type's element names
/// Names (null: unnamed, <c>ItemN</c>), and the checker seeds FPullback with Seeds, one per element.
/// </summary>
public sealed record VectorSpec(string?[] Names, double[] Seeds)
{
    public int Count => Names.Length;

    /// <summary>The pullback's seed parameter of element i: <c>seedU</c>, or <c>seedItem2</c> for an unnamed element.</summary>
    public string SeedName(int i) => "seed" + (Names[i] ?? "Item" + (i + 1).ToString(CultureInfo.InvariantCulture));

    /// <summary>F's return type: <c>(double U, double V)</c>, <c>(double, double)</c>, <c>(double U, double)</c>.</summary>
    public string ReturnType(string t) => "(" + string.Join(", ", Names.Select(n => n is null ? t : t + " " + n)) + ")";

    public bool Equals(VectorSpec? o) => o is not null && Names.SequenceEqual(o.Names) && Seeds.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(o.Seeds.Select(BitConverter.DoubleToInt64Bits));
    public override int GetHashCode() => Names.Length;
}

/// <summary>
/// Vector-valued methods (GradGen's "Vector-valued functions and Jacobians"): in a share of the programs, F returns a tuple of
/// two (sometimes three) reals, <c>static (double U, double V) F(...)</c>, named or not. The drawn program stays as it is; each of
/// F's returns (not those of its local functions) <c>return e;</c> becomes <c>return (e, g);</c>, g a real expression drawn over
/// F's real parameters, the real locals in scope at that return, elements of F's arrays at constant indices and, where it has no
/// side effect, e itself (<c>e * x + 0.5</c>); e stands first, or now and then at another place. Only F is vector-valued: no
/// method calls it, and it never returns <c>c ? (a, b) : (d, e)</c> (GradGen's GG0012 for both). The interpreter runs the
/// tree as it is, every element a dual number; the checker compares FPullback (seeded with <see cref="VectorSpec.Seeds"/>),
/// FJacobian and, with Forward, FPushforward. A model-form program is not drawn in vector form, and a vector-valued F is
/// never printed generic (its callees may be).
/// </summary>
public static class VectorForm
{
    private static readonly string[][] NameSets =
    {
        new[] { "U", "V", "W" }, new[] { "X", "Y", "Z" }, new[] { "Lo", "Hi", "Mid" }, new[] { "Re", "Im", "Mag" }, new[] { "Mean", "Spread", "Tail" },
    };

    private static readonly string[] Functions = { "Sin", "Cos", "Tanh", "Atan" };
    private static readonly double[] Lits = { 0.5, 1.5, 2.0, 0.25, 3.0, 0.75 };

    /// <summary>Draws the vector form for a program from its own stream (so the program, its points and the other draws stay as
    /// they were): the element count and names, F's returns as tuples, the pullback's seeds. A model-form program is left alone.</summary>
    public static Prog Apply(Prog p, ulong seed)
    {
        if (p.Model is not null) return p;
        var pcg = new PCG(6, seed);
        int Int(int lo, int hi) => Gen.Int[lo, hi].Generate(pcg, null, out _);
        bool P(int percent) => Int(0, 99) < percent;
        int count = P(25) ? 3 : 2;
        string[] set = NameSets[Int(0, NameSets.Length - 1)];
        int naming = Int(0, 99);
        // Named (half), unnamed (a third), or one element named and the others not.
        int namedOne = Int(0, count - 1);
        string?[] names = Enumerable.Range(0, count).Select(i => naming < 50 ? set[i] : naming < 85 ? null : i == namedOne ? set[i] : null).ToArray();
        int position = P(70) ? 0 : Int(0, count - 1);
        bool literalNames = names.All(n => n is not null) && P(20);
        double[] seeds = Enumerable.Range(0, count).Select(unused =>
        {
            // Uniform in ±[0.5, 1.5) with every bit random (CsCheck's own doubles favour round values such as 1).
            double v = (0.5 + (Gen.ULong.Generate(pcg, null, out _) >> 11) * (1.0 / (1UL << 53))) * (P(50) ? 1 : -1);
            return p.IsFloat ? (float)v : v;
        }).ToArray();
        var spec = new VectorSpec(names, seeds);
        Method f = p.F;
        var reals = new List<Expr>();
        foreach (Param q in f.Params)
        {
            if (q.IsReal) reals.Add(new Var(q.Name));
            else if (q.IsArray) reals.Add(new Index(q.Name, new IntLit(Int(0, q.Value - 1))));
            else if (q.IsJagged && q.Rows > 0 && q.Cols > 0) reals.Add(new JIndex(q.Name, new IntLit(Int(0, q.Rows - 1)), new IntLit(Int(0, q.Cols - 1))));
            else if (q.IsMatrix && q.Rows > 0 && q.Cols > 0) reals.Add(new MIndex(q.Name, new IntLit(Int(0, q.Rows - 1)), new IntLit(Int(0, q.Cols - 1))));
        }

        Expr Leaf(List<Expr> scope) => scope.Count > 0 && P(75) ? scope[Int(0, scope.Count - 1)] : new Lit(Lits[Int(0, Lits.Length - 1)]);
        Expr Other(Expr e, List<Expr> scope, int depth)
        {
            if (depth == 0 || P(25)) return Leaf(scope);
            int roll = Int(0, 99);
            if (roll < 35) return new Bin(new[] { "+", "-", "*" }[Int(0, 2)], Other(e, scope, depth - 1), Other(e, scope, depth - 1));
            if (roll < 55) return new Call(Functions[Int(0, Functions.Length - 1)], new[] { Other(e, scope, depth - 1) });
            // The first element itself, where evaluating it twice changes nothing (no assignment in it).
            if (Pure(e) && roll < 85) return P(50) ? new Bin("+", new Bin("*", e, Leaf(scope)), new Lit(Lits[Int(0, Lits.Length - 1)])) : new Bin("-", Leaf(scope), e);
            return new Bin("*", Leaf(scope), Other(e, scope, depth - 1));
        }

        Expr Tuple(Expr e, List<Expr> scope)
        {
            var values = new Expr[count];
            for (int i = 0; i < count; i++)
            {
                if (i == position) { values[i] = e; continue; }
                Expr g = Other(e, scope, 2);
                // Each element depends on something that varies.
                if (!Varies(g) && scope.Count > 0) g = new Bin("*", g, scope[Int(0, scope.Count - 1)]);
                values[i] = g;
            }
            return new TupleLit(values, literalNames ? names : new string?[count]);
        }

        (Block, List<Expr>) Rewrite(Block b, List<Expr> outer)
        {
            var scope = new List<Expr>(outer);
            var list = new List<Stmt>();
            foreach (Stmt s in b.S)
            {
                switch (s)
                {
                    case Decl d:
                        list.Add(d);
                        if (d.Type == p.T) scope.Add(new Var(d.Name));
                        break;
                    case Return r: list.Add(new Return(Tuple(r.E, scope))); break;
                    case If i: list.Add(new If(i.C, Rewrite(i.Then, scope).Item1, i.Else is null ? null : Rewrite(i.Else, scope).Item1)); break;
                    case For fo: list.Add(fo with { Body = Rewrite(fo.Body, scope).Item1 }); break;
                    case While w: list.Add(w with { Body = Rewrite(w.Body, scope).Item1 }); break;
                    case DoWhile dw: list.Add(dw with { Body = Rewrite(dw.Body, scope).Item1 }); break;
                    case Foreach fe:
                        list.Add(fe with { Body = Rewrite(fe.Body, fe.Type == p.T ? scope.Append(new Var(fe.V)).ToList() : scope).Item1 });
                        break;
                    case ForeachTuple ft: list.Add(ft with { Body = Rewrite(ft.Body, scope).Item1 }); break;
                    case Switch sw:
                        list.Add(sw with
                        {
                            Sections = sw.Sections.Select(sec =>
                            {
                                (Block body, List<Expr> inner) = Rewrite(sec.Body, scope);
                                return sec with { Body = body, End = sec.End is Return er ? new Return(Tuple(er.E, inner)) : sec.End };
                            }).ToArray(),
                        });
                        break;
                    // A local function's returns are its own (scalar), and every other statement holds no return.
                    default: list.Add(s); break;
                }
            }
            return (new Block(list.ToArray()), scope);
        }

        Block fBody = Rewrite(f.Body, reals).Item1;
        return p with { Vector = spec, Methods = p.Methods[..^1].Append(f with { Body = fBody }).ToArray() };
    }

    /// <summary>Whether F has a return other than its body's last statement (in a branch, a loop or a switch section).</summary>
    public static bool HasEarlyReturn(Method f)
    {
        bool Any(Block b) => b.S.Any(S);
        bool S(Stmt s) => s switch
        {
            Return => true,
            If i => Any(i.Then) || i.Else is not null && Any(i.Else),
            For fo => Any(fo.Body),
            While w => Any(w.Body),
            DoWhile dw => Any(dw.Body),
            Foreach fe => Any(fe.Body),
            ForeachTuple ft => Any(ft.Body),
            Switch sw => sw.Sections.Any(sec => Any(sec.Body) || sec.End is Return),
            _ => false,
        };
        return f.Body.S.SkipLast(1).Any(S) || f.Body.S.Length > 0 && f.Body.S[^1] is not Return && S(f.Body.S[^1]);
    }

    private static bool Pure(Expr e) => !TreeText.Write(new Prog(false, new[] { new Method("E", Array.Empty<Param>(), new Block(new Stmt[] { new Return(e) }), true) })).Contains("(asx ", StringComparison.Ordinal);

    private static bool Varies(Expr e) => e switch
    {
        Var or Index or JIndex or MIndex => true,
        Bin b => Varies(b.L) || Varies(b.R),
        Call c => c.Args.Any(Varies),
        Lit => false,
        _ => true,
    };

    /// <summary>The program with F scalar again: each return keeps element <paramref name="keep"/> (shrinking).</summary>
    public static Prog Scalar(Prog p, int keep) => MapReturns(p with { Vector = null }, t => t.Values[keep]);

    /// <summary>The program without element <paramref name="drop"/> (shrinking; two elements stay at least).</summary>
    public static Prog Without(Prog p, int drop)
    {
        VectorSpec v = p.Vector!;
        var spec = new VectorSpec(v.Names.Where((_, i) => i != drop).ToArray(), v.Seeds.Where((_, i) => i != drop).ToArray());
        return MapReturns(p with { Vector = spec }, t => new TupleLit(t.Values.Where((_, i) => i != drop).ToArray(), t.Names.Where((_, i) => i != drop).ToArray()));
    }

    private static Prog MapReturns(Prog p, Func<TupleLit, Expr> map)
    {
        Block B(Block b) => new(b.S.Select(S).ToArray());
        Stmt S(Stmt s) => s switch
        {
            Return { E: TupleLit t } => new Return(map(t)),
            If i => new If(i.C, B(i.Then), i.Else is null ? null : B(i.Else)),
            For fo => fo with { Body = B(fo.Body) },
            While w => w with { Body = B(w.Body) },
            DoWhile dw => dw with { Body = B(dw.Body) },
            Foreach fe => fe with { Body = B(fe.Body) },
            ForeachTuple ft => ft with { Body = B(ft.Body) },
            Switch sw => sw with { Sections = sw.Sections.Select(sec => sec with { Body = B(sec.Body), End = S(sec.End) }).ToArray() },
            _ => s,
        };
        return p with { Methods = p.Methods[..^1].Append(p.F with { Body = B(p.F.Body) }).ToArray() };
    }
}
