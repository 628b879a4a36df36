using GradGen.Generator.Analysis;
using GradGen.Generator.Differentiation;
using GradGen.Generator.Differentiation.Reverse;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using GradGen.Generator.Transforms;
using static GradGen.Generator.Model.ExprBuilder;

namespace GradGen.Tests.Passes;

/// <summary>
/// Analyses and passes on IR built by hand, without Roslyn: activity, control-flow structuring, and reverse mode,
/// whose derivative bodies are then run by <see cref="IrInterpreter"/> and compared with exact derivatives.
/// </summary>
public class ReverseModeOnHandBuiltIrTests
{
    private static readonly TypeRef Real = TypeRef.Double;
    private static readonly TypeRef Array = TypeRef.Double.WithShape(Shape.Array);

    private static Variable Parameter(int id, string name, TypeRef type) => new(id, name, type, VariableKind.Parameter);

    private static Variable Local(int id, string name, TypeRef type) => new(id, name, type, VariableKind.Local);

    private static Expr V(Variable v) => new VarRef(v);

    private static Expr C(double value) => RealConst.Of(value, ScalarKind.Double);

    private static Expr I(int value) => new IntConst(value, ScalarKind.Int32);

    /// <summary><c>for (int i = 0; i &lt; bound; i++) body</c>.</summary>
    private static Loop For(Variable i, Expr bound, params Stmt[] body) => new(LoopForm.For,
        Block.Of(new Declare(i, I(0))),
        new Binary(BinaryOp.LessThan, V(i), bound, TypeRef.Boolean),
        Block.Of(body),
        Block.Of(new Assign(V(i), new Binary(BinaryOp.Add, V(i), I(1), TypeRef.Int32))));

    private static MethodModel Model(Variable[] parameters, int nextId, params Stmt[] body)
    {
        int next = nextId;
        Block structured = ControlFlowStructuring.Structure(Block.Of(body), ref next);
        return new MethodModel(
            Namespace: null,
            ContainingTypes: EquatableArray<ContainingTypeModel>.Empty,
            Name: "F",
            Accessibility: "public",
            IsStatic: true,
            ReturnType: Real,
            Parameters: parameters.Select(p => new ParameterModel(p, ParameterRefKind.None, IsDifferentiable: p.Type.IsReal || p.Type.IsRealSequence, IsParams: false, DefaultValue: null)).ToEquatableArray(),
            Body: structured,
            NextVariableId: next,
            HasMathF: true,
            HasNullableAnnotations: true,
            HintName: "F.g.cs",
            DocumentationId: "F");
    }

    /// <summary>FGradient's body run at <paramref name="arguments"/>.</summary>
    private static object[] Gradient(MethodModel model, params object[] arguments)
    {
        DerivativeBody body = ReverseMode.Differentiate(MethodFacts.Of(model), DerivativeKind.Gradient);
        var run = new IrInterpreter();
        for (int k = 0; k < arguments.Length; k++) run.Set(model.Parameters[k].Variable, arguments[k]);
        return run.Run(body.Body);
    }

    /// <summary>FPullback's body with a seed, accumulating into the scalar adjoints given.</summary>
    private static (double Value, double[] Adjoints) Pullback(MethodModel model, double seed, double[] adjoints, params object[] arguments)
    {
        DerivativeBody body = ReverseMode.Differentiate(MethodFacts.Of(model), DerivativeKind.Pullback);
        var run = new IrInterpreter();
        for (int k = 0; k < arguments.Length; k++) run.Set(model.Parameters[k].Variable, arguments[k]);
        run.Set(body.Seed!, seed);
        for (int k = 0; k < adjoints.Length; k++) run.Set(body.Adjoints[k].Adjoint, adjoints[k]);
        object[] value = run.Run(body.Body);
        return ((double)value[0], body.Adjoints.Select(a => (double)run.Get(a.Adjoint)).ToArray());
    }

    [Fact]
    public void AParameterOverwrittenByALaterLoopIsRestoredForTheEarlierDerivative()
    {
        // double t = x * x; for (int i = 0; i < 1; i++) x = 0.5; return t;
        Variable x = Parameter(0, "x", Real), t = Local(1, "t", Real), i = Local(2, "i", TypeRef.Int32);
        MethodModel model = Model([x], 3,
            new Declare(t, Mul(V(x), V(x))),
            For(i, I(1), new Assign(V(x), C(0.5))),
            new Return(V(t)));
        Assert.Equal(3.0, (double)Gradient(model, 1.5)[0], 12);
        (double value, double[] adjoints) = Pullback(model, 0.75, [0.25], 1.5);
        Assert.Equal(2.25, value);
        Assert.Equal(0.25 + 0.75 * 3.0, adjoints[0], 12);
    }

    [Fact]
    public void TheUntakenSideOfAConditionalContributesNothing()
    {
        // return x < 10 ? x : Math.Exp(1000 * x);
        Variable x = Parameter(0, "x", Real);
        MethodModel model = Model([x], 1,
            new Return(Select(Less(V(x), C(10)), V(x), Call(Intrinsic.Exp, Real, Mul(C(1000), V(x))))));
        Assert.Equal(1.0, (double)Gradient(model, 1.0)[0]);
        (_, double[] adjoints) = Pullback(model, 2.0, [0.0], 1.0);
        Assert.Equal(2.0, adjoints[0]);
    }

    [Fact]
    public void AReductionOverAnArrayParameter()
    {
        // double s = 0; for (int i = 0; i < a.Length; i++) s += a[i] * Math.Sin(a[i]); return s;
        Variable a = Parameter(0, "a", Array), s = Local(1, "s", Real), i = Local(2, "i", TypeRef.Int32);
        Expr ai = new ElementAccess(V(a), V(i));
        MethodModel model = Model([a], 3,
            new Declare(s, C(0)),
            For(i, new LengthOf(V(a)), new Assign(V(s), Add(V(s), Mul(ai, Call(Intrinsic.Sin, Real, ai))))),
            new Return(V(s)));
        double[] point = [0.3, -1.2, 2.0];
        var gradient = (double[])Gradient(model, point)[0];
        for (int k = 0; k < point.Length; k++)
        {
            Assert.Equal(Math.Sin(point[k]) + point[k] * Math.Cos(point[k]), gradient[k], 12);
        }
    }

    [Fact]
    public void ActivityFollowsOnlyDifferentiableDependencies()
    {
        // t = x * 2; u = n * 3 (int); r = t + u; a value unrelated to the result: w = x + 1.
        Variable x = Parameter(0, "x", Real), n = Parameter(1, "n", TypeRef.Int32);
        Variable t = Local(2, "t", Real), u = Local(3, "u", TypeRef.Int32), r = Local(4, "r", Real), w = Local(5, "w", Real);
        Block body = Block.Of(
            new Declare(t, Mul(V(x), C(2))),
            new Declare(u, new Binary(BinaryOp.Multiply, V(n), I(3), TypeRef.Int32)),
            new Declare(r, Add(V(t), new Cast(V(u), Real, IsImplicit: true))),
            new Declare(w, Add(V(x), C(1))),
            new Return(V(r)));
        HashSet<int> varied = Activity.Varied(body, [x]);
        HashSet<int> useful = Activity.Useful(body);
        Assert.Contains(t.Id, varied);
        Assert.Contains(r.Id, varied);
        Assert.DoesNotContain(u.Id, varied);
        Assert.Contains(t.Id, useful);
        Assert.DoesNotContain(w.Id, useful);
    }

    [Fact]
    public void StructuringLeavesNoBreakOrContinue()
    {
        // for (int i = 0; i < 5; i++) { if (s > 2) break; s += x; } return s;
        Variable x = Parameter(0, "x", Real), s = Local(1, "s", Real), i = Local(2, "i", TypeRef.Int32);
        int next = 3;
        Block structured = ControlFlowStructuring.Structure(Block.Of(
            new Declare(s, C(0)),
            For(i, I(5),
                new If(new Binary(BinaryOp.GreaterThan, V(s), C(2), TypeRef.Boolean), Block.Of(new Break()), Block.Empty),
                new Assign(V(s), Add(V(s), V(x)))),
            new Return(V(s))), ref next);
        Assert.DoesNotContain(IrWalker.Statements(structured), st => st is Break or Continue);
        Assert.Equal(3.0, (double)new IrInterpreter().Set(x, 1.0).Run(structured)[0]);
    }
}
