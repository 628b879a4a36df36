using GradGen.Generator.Model;
using GradGen.Generator.Transforms;
using static GradGen.Generator.Model.ExprBuilder;

namespace GradGen.Tests.Passes;

/// <summary>
/// The passes that match or group expressions, on IR built by hand: they compare expressions by record equality
/// (never by printed text), so two expressions that print alike but differ are never confused.
/// </summary>
public class TransformsOnHandBuiltIrTests
{
    private static readonly TypeRef Real = TypeRef.Double;
    private static readonly Variable X = new(0, "x", Real, VariableKind.Parameter);
    private static readonly Variable Y = new(1, "y", Real, VariableKind.Parameter);
    private static readonly Variable D1 = new(2, "_d_a", Real, VariableKind.Generated);
    private static readonly Variable D2 = new(3, "_d_b", Real, VariableKind.Generated);

    private static Expr V(Variable v) => new VarRef(v);

    private static Expr SinX => Call(Intrinsic.Sin, Real, V(X));

    [Fact]
    public void ARepeatedCallIsHoistedOnceEvenWhenOneCopyIsHeldConstant()
    {
        // WithoutDerivative(Math.Sin(x)) prints like Math.Sin(x); 2 + WithoutDerivative(Math.Sin(x)) is not the
        // expression 2 + Math.Sin(x), and must not be counted with it (that made a chain of copies of a temporary).
        Block block = Block.Of(
            new Assign(V(D1), Add(Real(2, Real), new StopGradient(SinX))),
            new Assign(V(D2), Mul(Add(Real(2, Real), SinX), V(Y))));
        int nextId = 10;

        Block result = CommonSubexpressions.Run(block, ref nextId);

        Assert.Equal(3, result.Statements.Count);
        Assign hoisted = Assert.IsType<Assign>(result.Statements[0]);
        Assert.Equal(SinX, hoisted.Value);
        Expr temporary = hoisted.Target;
        Assert.Equal(Block.Of(
            hoisted,
            new Assign(V(D1), Add(Real(2, Real), new StopGradient(temporary))),
            new Assign(V(D2), Mul(Add(Real(2, Real), temporary), V(Y)))), result);
    }

    [Fact]
    public void TermsThatDifferOnlyByAValueHeldConstantAreLikeTerms()
    {
        // y + WithoutDerivative(y) in derivative code is 2 * y: holding a value constant does not change it.
        Expr sum = Add(V(Y), new StopGradient(V(Y)));
        Assert.Equal(Mul(Real(2, Real), V(Y)), Simplifier.Simplify(sum));
    }

    [Fact]
    public void AFactorDividedByItselfCancelsThroughAValueHeldConstant()
    {
        Expr quotient = Div(Mul(SinX, V(Y)), new StopGradient(SinX));
        Assert.Equal(V(Y), Simplifier.Simplify(quotient));
    }

    private static readonly Variable U = new(4, "_u", Real, VariableKind.Generated);
    private static readonly Variable I = new(5, "i", TypeRef.Int32, VariableKind.Local);
    private static readonly Variable S = new(6, "s", Real, VariableKind.Local);

    private static double Run(Block block, double x, double y) =>
        (double)new IrInterpreter().Set(X, x).Set(Y, y).Run(block)[0];

    [Fact]
    public void TheOptimizerDropsDeadDerivativeCodeAndKeepsTheValue()
    {
        // _u is written and never read: dead. _d_a feeds the result.
        Block block = Block.Of(
            new Assign(V(U), Mul(SinX, V(Y))),
            new Assign(V(D1), Mul(V(X), V(Y))),
            new Return(V(D1)));
        int nextId = 10;

        Block optimized = Optimizer.Optimize(block, [], ref nextId);

        Assert.DoesNotContain(IrWalker.Statements(optimized), s => IrWalker.Writes(Block.Of(s)).Contains(U.Id));
        Assert.Equal(Run(block, 1.5, -2.0), Run(optimized, 1.5, -2.0));
    }

    [Fact]
    public void ACallWhoseDerivativeReusesItsValueGetsALocalInALoop()
    {
        // s += Math.Exp(x): the exponential's partial is its own value, so a local keeps it for the reverse sweep.
        Block body = Block.Of(
            new Declare(S, Real(0, Real)),
            new Loop(LoopForm.For,
                Block.Of(new Declare(I, new IntConst(0, ScalarKind.Int32))),
                new Binary(BinaryOp.LessThan, V(I), new IntConst(3, ScalarKind.Int32), TypeRef.Boolean),
                Block.Of(new Assign(V(S), Add(V(S), Call(Intrinsic.Exp, Real, V(X))))),
                Block.Of(new Assign(V(I), new Binary(BinaryOp.Add, V(I), new IntConst(1, ScalarKind.Int32), TypeRef.Int32)))),
            new Return(V(S)));
        int nextId = 10;

        Block split = SelfReusingCalls.Split(body, [X.Id, S.Id], ref nextId);

        Assert.Contains(IrWalker.Statements(split), s => s is Declare { Init: GradGen.Generator.Model.Call { Function: Intrinsic.Exp } } d && d.Var.Id >= 10);
        Assert.Equal(11, nextId);
        Assert.Equal(Run(body, 0.3, 0), Run(split, 0.3, 0));
    }
}
