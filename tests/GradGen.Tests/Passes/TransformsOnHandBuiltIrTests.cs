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
}
