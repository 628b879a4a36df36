using System;
using GradGen.Generator.Model;
using static GradGen.Generator.Model.ExprBuilder;

namespace GradGen.Generator.Rules
{
    /// <summary>
    /// One operand of an operation and the partial derivative of the operation's value with respect to it,
    /// as a linear map on a derivative: <c>d ↦ d · ∂e/∂operand</c>. Reverse mode applies it to the result's
    /// adjoint to get the operand's share; forward mode applies it to the operand's tangent and sums the
    /// shares into the result's tangent. For scalars the two are the same product.
    /// </summary>
    internal sealed class OperandDerivative
    {
        private readonly Func<Expr, TypeRef, Expr> _scale;

        public OperandDerivative(Expr operand, Func<Expr, TypeRef, Expr> scale, bool isUnit)
        {
            Operand = operand;
            _scale = scale;
            IsUnit = isUnit;
        }

        public Expr Operand { get; }

        /// <summary>The partial is ±1 (or a conversion): the map builds no product.</summary>
        public bool IsUnit { get; }

        /// <summary><paramref name="derivative"/> times the partial, of type <paramref name="type"/> (which differs
        /// from the derivative's own only across a conversion).</summary>
        public Expr Scale(Expr derivative, TypeRef type) => _scale(derivative, type);
    }

    /// <summary>
    /// The derivatives of the operators of arithmetic (<c>-x</c>, <c>+ − × ÷ %</c>, conversions between
    /// double and float), in one place beside the elementary functions' table, for every mode.
    /// </summary>
    internal static class OperatorRules
    {
        /// <summary>
        /// The operands of <paramref name="e"/> with their partials, or null when <paramref name="e"/> is not an
        /// operation of arithmetic on reals. <paramref name="self"/>, when given, holds the value of
        /// <paramref name="e"/> (the quotient's own value in the partial of a division).
        /// </summary>
        public static OperandDerivative[]? Of(Expr e, Expr? self)
        {
            switch (e)
            {
                case Unary { Op: UnaryOp.Negate } u:
                    return new[] { new OperandDerivative(u.Operand, static (d, _) => Neg(d), isUnit: true) };
                case Binary b:
                    switch (b.Op)
                    {
                        case BinaryOp.Add:
                            return new[]
                            {
                                new OperandDerivative(b.Left, static (d, _) => d, isUnit: true),
                                new OperandDerivative(b.Right, static (d, _) => d, isUnit: true),
                            };
                        case BinaryOp.Subtract:
                            return new[]
                            {
                                new OperandDerivative(b.Left, static (d, _) => d, isUnit: true),
                                new OperandDerivative(b.Right, static (d, _) => Neg(d), isUnit: true),
                            };
                        case BinaryOp.Multiply:
                            return new[]
                            {
                                new OperandDerivative(b.Left, (d, _) => Mul(d, b.Right), isUnit: false),
                                new OperandDerivative(b.Right, (d, _) => Mul(b.Left, d), isUnit: false),
                            };
                        case BinaryOp.Divide:
                            {
                                // d(l/r) = dl / r - (l/r) dr / r
                                Expr quotient = self ?? b;
                                return new[]
                                {
                                    new OperandDerivative(b.Left, (d, _) => Div(d, b.Right), isUnit: false),
                                    new OperandDerivative(b.Right, (d, _) => Neg(Div(Mul(d, quotient), b.Right)), isUnit: false),
                                };
                            }

                        case BinaryOp.Remainder:
                            {
                                // l % r = l - trunc(l / r) r, and trunc is a step: its derivative is zero.
                                Expr quotient = Call(Intrinsic.Truncate, b.Type, Div(b.Left, b.Right));
                                return new[]
                                {
                                    new OperandDerivative(b.Left, static (d, _) => d, isUnit: true),
                                    new OperandDerivative(b.Right, (d, _) => Neg(Mul(d, quotient)), isUnit: false),
                                };
                            }

                        default:
                            return null;
                    }

                case Cast c when c.Operand.Type.IsReal:
                    return new[] { new OperandDerivative(c.Operand, static (d, type) => As(d, type), isUnit: true) };
                default:
                    return null;
            }
        }
    }
}
