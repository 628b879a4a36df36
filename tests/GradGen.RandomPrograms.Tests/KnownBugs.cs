namespace GradGen.RandomPrograms;

/// <summary>Hand-built programs of the wrong-gradient classes known in GradGen, with the points they fail at.
/// Fixed = false: the tester must report it (on the generator as it is). When GradGen fixes one, set Fixed and
/// the same test then requires the program to pass.</summary>
public static class KnownBugs
{
    public sealed record Bug(string Name, Prog Prog, double[] Point, bool Fixed)
    {
        public override string ToString() => Name;
    }

    private static Param D(string name, bool nd = false) => new("double", name, false, nd, 0);
    private static Param Arr(string name, int len, string type = "double[]") => new(type, name, false, false, len);
    private static Var V(string n) => new(n);
    private static Lit L(double v) => new(v);
    private static Bin B(string op, Expr l, Expr r) => new(op, l, r);
    private static Block Bk(params Stmt[] s) => new(s);
    private static For Loop(string i, Expr bound, params Stmt[] body) => new("int", i, new IntLit(0), B("<", V(i), bound), false, Bk(body));
    private static Prog F(Param[] ps, params Stmt[] body) => new(false, new[] { new Method("F", ps, Bk(body), false) });

    public static readonly Bug[] All =
    {
        // (1) a local or by-value parameter assigned inside a later loop corrupts the reverse sweep of earlier statements.
        new("parameter assigned in a later loop",
            F(new[] { D("x") },
                new Decl("double", "t", B("*", V("x"), V("x"))),
                Loop("i", new IntLit(1), new Assign(V("x"), "=", L(0.5))),
                new Return(V("t"))),
            new[] { 1.3 }, true),
        new("local assigned in a later loop",
            F(new[] { D("x") },
                new Decl("double", "c", L(1.0)),
                new Decl("double", "t", B("*", V("x"), V("c"))),
                Loop("i", new IntLit(1), new Assign(V("c"), "=", L(0.5))),
                new Return(V("t"))),
            new[] { 1.3 }, true),
        new("parameter assigned after its use in the same loop",
            F(new[] { D("x"), D("y") },
                new Decl("double", "s", L(0.0)),
                Loop("i", new IntLit(2),
                    new Assign(V("s"), "+=", B("*", V("x"), V("y"))),
                    new Assign(V("x"), "=", L(1.0))),
                new Return(V("s"))),
            new[] { 1.3, 0.7 }, true),
        new("differentiable callee applied in a loop",
            new Prog(false, new[]
            {
                new Method("Sq", new[] { D("u") }, Bk(new Return(B("*", V("u"), V("u")))), true),
                new Method("F", new[] { D("a") }, Bk(
                    Loop("i", new IntLit(2), new Assign(V("a"), "=", new Call("Sq", new Expr[] { V("a") }))),
                    new Return(V("a"))), true),
            }),
            new[] { 1.1 }, true),
        // (2) a fresh buffer element read, then assigned by a later loop.
        new("fresh buffer element read, then assigned by a later loop over an array",
            F(new[] { D("x"), Arr("a", 2) },
                new Decl("double[]", "w", new NewArr("double", new Len("a"), false)),
                new Decl("double", "t", B("*", V("x"), new Index("w", new IntLit(0)))),
                Loop("i", new Len("a"), new Assign(new Index("w", V("i")), "=", B("*", V("x"), new Index("a", V("i"))))),
                new Return(B("+", V("t"), new Index("w", new IntLit(1))))),
            new[] { 1.3, 0.5, -0.7 }, true),
        // (3) the value is not bit-identical to F's.
        new("value of a compound assignment not bit-identical",
            F(new[] { D("x"), D("y") },
                new Decl("double", "t", V("x")),
                new Assign(V("t"), "+=", B("+", new Unary("-", V("x")), B("+", V("y"), V("t")))),
                new Return(V("t"))),
            new[] { 0.1, 0.7 }, true),
        // (4) the untaken side of ?: evaluated.
        new("untaken side of ?: overflows",
            F(new[] { D("x") },
                new Return(new Cond(B("<", V("x"), L(10.0)), V("x"), new Call("Exp", new Expr[] { B("*", L(1000.0), V("x")) })))),
            new[] { 1.0 }, true),
        new("untaken side of ?: indexes out of range",
            F(new[] { Arr("a", 2), Arr("b", 1) },
                new Decl("double", "s", L(0.0)),
                Loop("i", new Len("a"),
                    new Assign(V("s"), "+=", new Cond(B("==", V("i"), new IntLit(0)), new Index("a", V("i")), new Index("b", B("-", V("i"), new IntLit(1)))))),
                new Return(V("s"))),
            new[] { 0.5, 1.5, -0.75 }, true),
        // (5) generated code that does not compile: a long index into a local buffer.
        new("long index into a local buffer",
            F(new[] { Arr("a", 3) },
                new Decl("double[]", "w", new NewArr("double", new Len("a"), false)),
                new For("long", "j", new IntLit(0), B("<", V("j"), new Len("a")), false, Bk(
                    new Assign(new Index("w", V("j")), "=", B("*", new Index("a", V("j")), new Index("a", V("j")))))),
                new Decl("double", "s", L(0.0)),
                new For("long", "k", new IntLit(0), B("<", V("k"), new Len("a")), false, Bk(
                    new Assign(V("s"), "+=", B("*", new Index("w", V("k")), new Index("a", V("k")))))),
                new Return(V("s"))),
            new[] { 0.5, -1.25, 2.0 }, true),
        // (6) fixed: in a vector-valued method, a result element that an early return computes with a derivative written through
        // it (tanh' = 1 - r², √' = 1/(2r)) was saved where a later return (or the loop's next trip) assigns it, and the reverse
        // sweep restored it before FPullback returned the tuple: the pullback returned the element as it was before (0). A result
        // element is now never saved (each is set once per call, by the return that ends it).
        new("vector-valued: an untaken early return's element restored before FPullback returns it",
            Vector(F(new[] { D("y") },
                new If(B(">", V("y"), L(10.0)), Bk(
                    new If(B(">", V("y"), L(20.0)), Bk(new Return(new TupleLit(new Expr[] { L(1.0), new Call("Tanh", new Expr[] { V("y") }) }, new string?[2]))), null)), null),
                new Return(new TupleLit(new Expr[] { L(1.0), B("*", V("y"), L(0.5)) }, new string?[2])))),
            new[] { 1.3 }, true),
        new("vector-valued: a taken early return in a loop returns its element as it was before the loop",
            Vector(F(new[] { D("x") },
                Loop("i", new IntLit(1), new Return(new TupleLit(new Expr[] { new Call("Sqrt", new Expr[] { B("+", L(1.0), B("*", V("x"), V("x"))) }), V("x") }, new string?[2]))),
                new Return(new TupleLit(new Expr[] { L(1.0), L(1.0) }, new string?[2])))),
            new[] { 0.7 }, true),
        // (open) a Hessian-vector product at an adjoint that is exactly 0 where the partial it multiplies can be infinite:
        // the guard `adjoint == 0 ? 0 : adjoint * partial` pushed forward loses ȧ·partial (found by 100,000 programs at ee91f63).
        new("Hessian-vector product through a guarded adjoint that is exactly zero",
            TreeText.Read("(prog double forward hessian (method F block (params (p double[] a val nd 1) (p double y val d 0) (p double x val d 0)) (block (localfn capturing (method L5 expr (params (p double u3 val d 0) (p double u4 val d 0)) (block (ret (call Abs (call Cbrt (bin - (call Sin (var u3)) (lit 4000000000000000)))))))) (asg -= (var y) (idx a (int 0))) (ret (bin * (call L5 (var x) (lit 3ff0000000000000)) (var y))))))"),
            new[] { -2.0, -2.0, 1.0 }, false),
    };

    private static Prog Vector(Prog p) => p with { Vector = new VectorSpec(new string?[] { "U", "V" }, new[] { 0.625, -1.375 }) };

    /// <summary>The bug's own point, then random ones (some bugs show at some points only).</summary>
    public static IReadOnlyList<(double[], double[])> Points(Bug b)
    {
        var pcg = new CsCheck.PCG(3, 12345);
        var r = new List<(double[], double[])> { (b.Point, Adjoints(b.Prog)) };
        for (int i = 0; i < 30; i++) r.Add((ProgramGenerator.Point(b.Prog, pcg), Adjoints(b.Prog)));
        // CsCheck's own doubles mix magnitudes (tiny, round, large): what a rounding difference needs to show.
        var g = CsCheck.Gen.Double[-2, 2];
        for (int i = 0; i < 60; i++)
            r.Add((Enumerable.Range(0, Interpreter.PointSize(b.Prog.F)).Select(k => g.Generate(pcg, null, out _)).ToArray(), Adjoints(b.Prog)));
        return r;
    }

    public static double[] Adjoints(Prog p) =>
        Enumerable.Range(0, Interpreter.Coordinates(p.F)).Select(i => i % 2 == 0 ? 0.625 : -1.375).ToArray();
}
