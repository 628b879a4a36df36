using System;
using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>Lowering of expressions: constants, operators, conversions, member reads.</summary>
    internal sealed partial class MethodLowering
    {
        private Expr? LowerExpression(IOperation operation)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (operation.ConstantValue.HasValue && ConstantOf(operation) is { } constant)
            {
                return constant;
            }

            switch (operation)
            {
                case IParameterReferenceOperation parameter when _parameterAliases.TryGetValue(parameter.Parameter, out Expr? alias):
                    return alias;
                case IParameterReferenceOperation parameter when _modelLeaves.ContainsKey(parameter.Parameter):
                    return ModelUsedWhole(operation, parameter.Parameter.Name, parameter.Parameter.Name);
                case IParameterReferenceOperation parameter when !_variables.ContainsKey(parameter.Parameter):
                    // A primary constructor's parameter, captured: in scope only in the declaration that has the constructor,
                    // so the generated part of the type cannot name it.
                    return Unsupported(operation, "'" + parameter.Parameter.Name + "' is a parameter of the primary constructor, which the generated code (another part of the type) cannot see; "
                        + "assign it to a field or property and read that");
                case IParameterReferenceOperation parameter:
                    NoteRead(_variables[parameter.Parameter]);
                    return new VarRef(_variables[parameter.Parameter]);
                case ILocalReferenceOperation local when _rowAliases.TryGetValue(local.Local, out Expr? row):
                    return row;
                case ILocalReferenceOperation local when _modelLeaves.ContainsKey(local.Local):
                    return ModelUsedWhole(operation, local.Local.Name, local.Local.Name);
                case ILocalReferenceOperation local when _views.ContainsKey(local.Local):
                    return LowerViewUse(local);
                case ILocalReferenceOperation local:
                    if (_variables.TryGetValue(local.Local, out Variable? variable))
                    {
                        NoteRead(variable);
                        return new VarRef(variable);
                    }

                    // Already reported where it was declared.
                    if (_rejectedLocals.Contains(local.Local)) return null;
                    if (_tupleLocals.ContainsKey(local.Local)) return TupleLocalUsedWhole(operation, local.Local);
                    return Unsupported(operation, "locals declared inside expressions (out variables, patterns) are not supported");
                case IInstanceReferenceOperation when _thisModel is not null:
                    return ModelUsedWhole(operation, "this", "this");
                case IInstanceReferenceOperation:
                    return new ThisRef(_thisType);
                case IBinaryOperation binary:
                    return LowerBinary(binary);
                case IUnaryOperation unary:
                    return LowerUnary(unary);
                case IConversionOperation conversion:
                    return LowerConversion(conversion);
                case IInvocationOperation invocation:
                    return LowerInvocation(invocation);
                case IArrayElementReferenceOperation element:
                    {
                        if (element.Indices.Length == 2) return LowerMatrixElement(element);
                        if (element.Indices.Length != 1)
                        {
                            return Unsupported(operation, "arrays of three or more dimensions are not supported; use a one-dimensional array with computed indices");
                        }

                        if (WithoutConversions(element.ArrayReference) is ILocalReferenceOperation viewed && _views.ContainsKey(viewed.Local))
                        {
                            return LowerViewRead(viewed.Local, element.Indices[0]);
                        }

                        if (IsFromEnd(element.Indices[0]) || IsExplicitView(element.ArrayReference))
                        {
                            return LowerIndexedRead(element.ArrayReference, element.Indices[0]);
                        }

                        Expr? array = LowerExpression(element.ArrayReference);
                        Expr? index = LowerExpression(element.Indices[0]);
                        if (array is null || index is null) return null;
                        if (!array.Type.IsSequence && array.Type.Shape != Shape.Jagged)
                        {
                            return Unsupported(operation, "arrays of '" + (element.ArrayReference.Type?.ToDisplayString() ?? "this type") + "' are not supported; use arrays of double, float, int, long or bool, or double[][] data");
                        }

                        return new ElementAccess(array, ArrayIndex(index));
                    }

                case IPropertyReferenceOperation property:
                    return LowerPropertyRead(property);
                case IFieldReferenceOperation field:
                    return LowerFieldRead(field);
                case IConditionalOperation conditional when conditional.Type is not null && !conditional.IsRef && conditional.WhenFalse is not null:
                    {
                        Expr? condition = LowerExpression(conditional.Condition);
                        Expr? whenTrue = Sometimes(() => LowerExpression(conditional.WhenTrue));
                        Expr? whenFalse = Sometimes(() => LowerExpression(conditional.WhenFalse));
                        TypeRef? type = SymbolFacts.Classify(conditional.Type);
                        if (type is null) return Unsupported(operation, "conditional expressions of this type are not supported");
                        if (condition is null || whenTrue is null || whenFalse is null) return null;
                        if (type.Value.IsReal && ComparedValues(condition) is { Length: > 0 } compared)
                        {
                            // A step: the comparison varies, the values it selects do not.
                            if (Pending(operation.Syntax.GetLocation(), DiagnosticDescriptors.StepOfDifferentiableValue, null,
                                new object[] { Abbreviate(operation.Syntax), Abbreviate(conditional.Condition.Syntax) }, compared) is { } check)
                            {
                                check.UnlessVaried = new[] { whenTrue, whenFalse };
                            }
                        }

                        return new Conditional(condition, whenTrue, whenFalse, type.Value);
                    }

                case IParenthesizedOperation parenthesized:
                    return LowerExpression(parenthesized.Operand);
                case IImplicitIndexerReferenceOperation { Argument: { } index } fromEnd when IsFromEnd(index) && fromEnd.Type is not null && SymbolFacts.Classify(fromEnd.Type) is { IsScalar: true }:
                    return LowerIndexedRead(fromEnd.Instance, index);
                case IAnonymousFunctionOperation or IDelegateCreationOperation:
                    return Unsupported(operation, "lambdas are not supported in a differentiable method; write the computation inline or in a [Differentiable] method");
                case ISwitchExpressionOperation switchExpression:
                    return LowerSwitchExpression(switchExpression);
                case IIsPatternOperation isPattern:
                    return LowerIsPattern(isPattern);
                case IIsTypeOperation:
                    return Unsupported(operation, "type tests are not supported; GradGen's values are numbers");
                case ISimpleAssignmentOperation or ICompoundAssignmentOperation or IIncrementOrDecrementOperation when _lambdaDepth > 0:
                    return Unsupported(operation, "a lambda that LINQ runs for every element must not assign; compute the query with a for loop");
                case ISimpleAssignmentOperation or ICompoundAssignmentOperation or IIncrementOrDecrementOperation:
                    return LowerEmbeddedAssignment(operation);
                case IArrayCreationOperation:
                    return Unsupported(operation, "arrays can be created only to initialize a local declared at the top level of the method body");
                case IAwaitOperation:
                    return Unsupported(operation, "await is not supported in a differentiable method");
                case IObjectCreationOperation:
                    return Unsupported(operation, "objects cannot be created in a differentiable method; pass them in as parameters");
                case IWithOperation:
                    return Unsupported(operation, "with expressions create a value GradGen does not differentiate; compute with the members instead (m.W + 1 rather than (m with { W = m.W + 1 }).W)");
                default:
                    if (operation.Syntax is StackAllocArrayCreationExpressionSyntax)
                    {
                        return Unsupported(operation, "stackalloc can be used only to initialize a Span local declared at the top level of the method body");
                    }

                    if (operation.Syntax is PointerTypeSyntax || operation.Type is IPointerTypeSymbol)
                    {
                        return Unsupported(operation, "pointers have no derivatives; use arrays or spans");
                    }

                    return Unsupported(operation, "this kind of expression is not supported");
            }
        }

        /// <summary>An array's index as GradGen's derivatives can use it too: C# indexes an array by a <c>uint</c> or a <c>ulong</c>
        /// as well, which an adjoint span cannot take, so those are read as a <c>long</c> (a <c>ulong</c> beyond long.MaxValue
        /// becomes negative, out of range either way).</summary>
        private static Expr ArrayIndex(Expr index) => index.Type.Scalar switch
        {
            ScalarKind.UInt32 when index.Type.IsScalar => new Cast(index, TypeRef.Int64, IsImplicit: true),
            ScalarKind.UInt64 when index.Type.IsScalar => new Cast(index, TypeRef.Int64, IsImplicit: false),
            _ => index,
        };

        private Expr? Unsupported(IOperation operation, string why)
        {
            Report(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax.GetLocation(), Abbreviate(operation.Syntax), why);
            return null;
        }

        private static string Abbreviate(SyntaxNode syntax)
        {
            string text = syntax.ToString().Replace("\r", " ").Replace("\n", " ");
            return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
        }

        private static Expr? ConstantOf(IOperation operation)
        {
            object? value = operation.ConstantValue.Value;
            TypeRef? type = SymbolFacts.Classify(operation.Type);
            if (type is null && value is string or char && operation.Type is not null
                && SymbolFacts.NameOf(operation.Type) is { } name && ConstantValue.Of(value) is { } text)
            {
                // A string or char constant, passed to a call.
                return new OtherConst(text, new TypeRef(ScalarKind.Other, Shape.Scalar, name));
            }

            if (type is not { IsScalar: true } t || value is null) return null;
            if (t.Scalar == ScalarKind.Other)
            {
                // An enum constant: the member it names when it names one, else its number.
                return operation is IFieldReferenceOperation { Field: { IsConst: true } member }
                    ? SymbolFacts.NameOf(member.ContainingType) is { } owner ? new MemberRead(null, member.Name, t, owner) : null
                    : ConstantValue.Of(value) is { } number ? new OtherConst(number, t) : null;
            }

            switch (t.Scalar)
            {
                case ScalarKind.Double:
                case ScalarKind.Float:
                    {
                        double d = System.Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
                        RealConst constant = RealConst.Of(d, t.Scalar);
                        return NamedConstant(operation) is { } symbol ? constant with { Symbol = symbol } : constant;
                    }

                case ScalarKind.Int32:
                case ScalarKind.Int64:
                    return new IntConst(System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), t.Scalar);
                case ScalarKind.UInt64:
                    // Held as its bits: a ulong above long.MaxValue does not fit a long.
                    return new IntConst(unchecked((long)System.Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture)), t.Scalar);
                case var integral when TypeRef.IsIntegralKind(integral):
                    return new IntConst(value is char c ? c : System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), t.Scalar);
                case ScalarKind.Boolean:
                    return value is bool b ? new BoolConst(b) : null;
                default:
                    return null;
            }
        }

        /// <summary>The constant of Math or MathF (<c>Math.PI</c>) that a real constant reads, written by its name.</summary>
        private static StaticMember? NamedConstant(IOperation operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation is IFieldReferenceOperation { Field: { IsConst: true } field } && SymbolFacts.IsSystemMath(field.ContainingType)
                && SymbolFacts.NameOf(field.ContainingType) is { } owner && SymbolFacts.Classify(field.Type) is { IsReal: true } type
                ? new StaticMember(owner, field.Name, type.Scalar)
                : null;
        }

        private static BinaryOp? MapBinary(BinaryOperatorKind kind) => kind switch
        {
            BinaryOperatorKind.Add => BinaryOp.Add,
            BinaryOperatorKind.Subtract => BinaryOp.Subtract,
            BinaryOperatorKind.Multiply => BinaryOp.Multiply,
            BinaryOperatorKind.Divide => BinaryOp.Divide,
            BinaryOperatorKind.Remainder => BinaryOp.Remainder,
            BinaryOperatorKind.Equals => BinaryOp.Equals,
            BinaryOperatorKind.NotEquals => BinaryOp.NotEquals,
            BinaryOperatorKind.LessThan => BinaryOp.LessThan,
            BinaryOperatorKind.LessThanOrEqual => BinaryOp.LessOrEqual,
            BinaryOperatorKind.GreaterThan => BinaryOp.GreaterThan,
            BinaryOperatorKind.GreaterThanOrEqual => BinaryOp.GreaterOrEqual,
            BinaryOperatorKind.ConditionalAnd => BinaryOp.AndAlso,
            BinaryOperatorKind.ConditionalOr => BinaryOp.OrElse,
            BinaryOperatorKind.And => BinaryOp.BitwiseAnd,
            BinaryOperatorKind.Or => BinaryOp.BitwiseOr,
            BinaryOperatorKind.ExclusiveOr => BinaryOp.ExclusiveOr,
            BinaryOperatorKind.LeftShift => BinaryOp.LeftShift,
            BinaryOperatorKind.RightShift => BinaryOp.RightShift,
            _ => null,
        };

        private Expr? LowerBinary(IBinaryOperation binary)
        {
            if (WrittenOperator(binary) is { } written) return InlineScalarOperator(binary, written.Method, written.Operands);
            if (binary.OperatorMethod is { MethodKind: MethodKind.UserDefinedOperator, IsImplicitlyDeclared: false } userDefined && !SymbolFacts.IsArithmeticOperator(userDefined)) return UnwrittenOperator(binary, userDefined);
            BinaryOp? op = MapBinary(binary.OperatorKind);
            TypeRef? type = SymbolFacts.Classify(binary.Type);
            if (!SymbolFacts.IsArithmeticOperator(binary.OperatorMethod) || op is null || type is not { IsScalar: true })
            {
                return Unsupported(binary, "this operator is not supported; GradGen differentiates arithmetic, comparisons and logic on numbers");
            }

            Expr? left = LowerExpression(binary.LeftOperand);
            Expr? right = op is BinaryOp.AndAlso or BinaryOp.OrElse ? Sometimes(() => LowerExpression(binary.RightOperand)) : LowerExpression(binary.RightOperand);
            if (left is null || right is null) return null;

            if (op is BinaryOp.Equals or BinaryOp.NotEquals or BinaryOp.LessThan or BinaryOp.LessOrEqual or BinaryOp.GreaterThan or BinaryOp.GreaterOrEqual
                && (left.Type.IsReal || right.Type.IsReal))
            {
                Pending(binary.Syntax.GetLocation(), DiagnosticDescriptors.PiecewiseComparison, null, new object[] { Abbreviate(binary.Syntax) }, left, right);
            }

            if (op is BinaryOp.BitwiseAnd or BinaryOp.BitwiseOr or BinaryOp.ExclusiveOr or BinaryOp.LeftShift or BinaryOp.RightShift && type.Value.IsReal)
            {
                return Unsupported(binary, "bitwise operators have no derivatives");
            }

            return new Binary(op.Value, left, right, type.Value);
        }

        private Expr? LowerUnary(IUnaryOperation unary)
        {
            if (WrittenOperator(unary) is { } written) return InlineScalarOperator(unary, written.Method, written.Operands);
            if (unary.OperatorMethod is { MethodKind: MethodKind.UserDefinedOperator, IsImplicitlyDeclared: false } userDefined && !SymbolFacts.IsArithmeticOperator(userDefined)) return UnwrittenOperator(unary, userDefined);
            TypeRef? type = SymbolFacts.Classify(unary.Type);
            if (!SymbolFacts.IsArithmeticOperator(unary.OperatorMethod) || type is not { IsScalar: true })
            {
                return Unsupported(unary, "this operator is not supported");
            }

            Expr? operand = LowerExpression(unary.Operand);
            if (operand is null) return null;
            return unary.OperatorKind switch
            {
                UnaryOperatorKind.Plus => operand,
                UnaryOperatorKind.Minus => new Unary(UnaryOp.Negate, operand, type.Value),
                UnaryOperatorKind.Not => new Unary(UnaryOp.Not, operand, type.Value),
                UnaryOperatorKind.BitwiseNegation when type.Value.IsIntegral => new Unary(UnaryOp.BitwiseNot, operand, type.Value),
                _ => Unsupported(unary, "this operator is not supported"),
            };
        }

        private Expr? LowerConversion(IConversionOperation conversion)
        {
            TypeRef? to = SymbolFacts.Classify(conversion.Type);
            TypeRef? from = SymbolFacts.Classify(conversion.Operand.Type);

            // Arrays and spans convert to spans (through op_Implicit, or as C# 14's built-in span
            // conversions): a view of the same elements, not a copy.
            if (to is { IsSequence: true } target && from is { IsSequence: true } source && target.Scalar == source.Scalar
                && target.Shape is Shape.Span or Shape.ReadOnlySpan)
            {
                Expr? view = LowerExpression(conversion.Operand);
                return view is null ? null : new Cast(view, target, conversion.IsImplicit);
            }

            if (conversion.OperatorMethod is not null)
            {
                return Unsupported(conversion, "user-defined conversions are not supported");
            }

            // Enum <-> integer: constants either way.
            bool fromEnum = conversion.Operand.Type?.TypeKind == TypeKind.Enum, toEnum = conversion.Type?.TypeKind == TypeKind.Enum;
            if ((fromEnum || toEnum) && to is { IsScalar: true } enumTarget && from is { IsScalar: true }
                && (fromEnum ? enumTarget.IsIntegral || toEnum : from.Value.IsIntegral))
            {
                Expr? operand = LowerExpression(conversion.Operand);
                return operand is null ? null : new Cast(operand, enumTarget, conversion.IsImplicit);
            }

            CommonConversion kind = conversion.Conversion;
            if (kind.IsIdentity)
            {
                return LowerExpression(conversion.Operand);
            }

            if (kind.IsNumeric && to is { IsScalar: true } t && from is { IsScalar: true } f && t.Scalar != ScalarKind.Boolean && f.Scalar != ScalarKind.Boolean)
            {
                Expr? operand = LowerExpression(conversion.Operand);
                if (operand is null) return null;
                if (f.IsReal && t.IsIntegral)
                {
                    // (int)(x * 10) for an index or a count: a step, whose derivative is zero; said, not an error.
                    Pending(conversion.Syntax.GetLocation(), DiagnosticDescriptors.ZeroDerivative, null,
                        new object[] { Abbreviate(conversion.Syntax) }, operand);
                }

                return new Cast(operand, t, conversion.IsImplicit);
            }

            if (from is { IsReal: true })
            {
                // double -> decimal, object, ...: a derivative is lost when the value is differentiable;
                // a constant of such a type still cannot be computed with.
                Expr? operand = LowerExpression(conversion.Operand);
                if (operand is null) return null;
                string typeName = conversion.Type?.ToDisplayString() ?? "?";
                Pending(conversion.Syntax.GetLocation(), DiagnosticDescriptors.ActiveValueConversion, DiagnosticDescriptors.UnsupportedExpression,
                    new object[] { Abbreviate(conversion.Operand.Syntax), typeName }, operand);
                _constantArguments[_pending.Count - 1] = new object[] { Abbreviate(conversion.Syntax), "GradGen computes with double, float, int, long and bool; a value of type '" + typeName + "' is not supported" };
                return null;
            }

            // Report what is wrong inside first (a boxed differentiable value, say); then this conversion.
            if (LowerExpression(conversion.Operand) is null) return null;
            if (from is { IsSequence: true } && conversion.Type is INamedTypeSymbol { TypeKind: TypeKind.Interface })
            {
                return Unsupported(conversion, "an array is used through LINQ only by Sum(), Average(), Max() and Min() without a selector; write other queries (Select, Where, a lambda) as a for loop");
            }

            if (from is null && conversion.Operand.Type is { } operandType && (operandType.SpecialType is SpecialType.System_Decimal || operandType.IsNativeIntegerType))
            {
                // A number GradGen does not compute with (a nint, a decimal): said by its type, not as a fault of the conversion.
                return Unsupported(conversion.Operand, "values of type '" + operandType.ToDisplayString() + "' are not supported; GradGen computes with double, float, bool and the integer types int, long, uint, ulong, short, ushort, byte, sbyte and char");
            }

            return Unsupported(conversion, "the conversion to '" + (conversion.Type?.ToDisplayString() ?? "?") + "' is not supported");
        }

        private static bool IsSpanType(ITypeSymbol? type) =>
            type is INamedTypeSymbol named && (SymbolFacts.IsNamed(named.OriginalDefinition, "System.Span`1") || SymbolFacts.IsNamed(named.OriginalDefinition, "System.ReadOnlySpan`1"));

        private Expr? LowerPropertyRead(IPropertyReferenceOperation property)
        {
            IPropertySymbol symbol = property.Property;
            if (symbol.IsIndexer)
            {
                if (IsSpanType(symbol.ContainingType) && property.Instance is not null && property.Arguments.Length == 1
                    && WithoutConversions(property.Instance) is ILocalReferenceOperation viewed && _views.ContainsKey(viewed.Local))
                {
                    return LowerViewRead(viewed.Local, property.Arguments[0].Value);
                }

                if (IsSpanType(symbol.ContainingType) && property.Instance is not null && property.Arguments.Length == 1 && IsExplicitView(property.Instance))
                {
                    return LowerIndexedRead(property.Instance, property.Arguments[0].Value);
                }

                if (IsSpanType(symbol.ContainingType) && property.Instance is not null && property.Arguments.Length == 1)
                {
                    Expr? span = LowerExpression(property.Instance);
                    Expr? index = LowerExpression(property.Arguments[0].Value);
                    return span is null || index is null ? null : new ElementAccess(span, index);
                }

                if (property.Instance is not null && property.Arguments.Length == 1 && ListElement(property.Instance.Type) is { } element
                    && symbol.Parameters[0].Type.SpecialType == SpecialType.System_Int32)
                {
                    return LowerListElement(property, element);
                }

                if (property.Instance is not null && property.Arguments.Length == 1 && ListRow(property.Instance.Type) is { } row
                    && symbol.Parameters[0].Type.SpecialType == SpecialType.System_Int32)
                {
                    return LowerListRow(property, row);
                }

                return Unsupported(property, "indexers other than those of arrays, spans and lists of numbers are not supported");
            }

            if (symbol.Name == "Length" && property.Instance is ILocalReferenceOperation matrixLocal && _flatMatrices.TryGetValue(matrixLocal.Local, out FlatMatrix? flat))
            {
                return new LengthOf(new VarRef(flat.Buffer));
            }

            if (symbol.Name == "Length" && property.Instance is not null && WithoutConversions(property.Instance) is ILocalReferenceOperation measured
                && _views.TryGetValue(measured.Local, out View? view))
            {
                NoteViewRead(view);
                return view.Length;
            }

            if (symbol.Name == "Length" && property.Instance is not null && IsExplicitView(property.Instance))
            {
                return InlineView(property.Instance)?.Length;
            }

            if (symbol.Name == "Length" && property.Instance is not null && SymbolFacts.Classify(property.Instance.Type) is { IsSequence: true } or { IsGrid: true })
            {
                Expr? sequence = LowerExpression(property.Instance);
                return sequence is null ? null : new LengthOf(sequence);
            }

            if (SymbolFacts.IsGenericMathMember(symbol) && SymbolFacts.Classify(property.Type) is { IsReal: true, Scalar: ScalarKind.Generic })
            {
                return GenericConstant(symbol.Name);
            }

            return LowerMemberRead(property, symbol.IsStatic, property.Instance, symbol.Name, symbol.ContainingType, property.Type);
        }

        /// <summary><c>T.One</c>, <c>T.Pi</c>, ... of a floating-point type parameter: a constant written as the user wrote it. Its
        /// value is known (for the simplifier) where it is the same in every T; otherwise NaN, which no rewrite takes for a value.</summary>
        private static RealConst GenericConstant(string name)
        {
            double value = name switch
            {
                "One" or "MultiplicativeIdentity" => 1,
                "Zero" or "AdditiveIdentity" => 0,
                "NegativeOne" => -1,
                "NegativeZero" => -0.0,
                "PositiveInfinity" => double.PositiveInfinity,
                "NegativeInfinity" => double.NegativeInfinity,
                _ => double.NaN,
            };
            return new RealConst(System.BitConverter.DoubleToInt64Bits(value), ScalarKind.Generic, new StaticMember(GenericScalarName.Instance, name, ScalarKind.Generic));
        }

        private Expr? LowerFieldRead(IFieldReferenceOperation field)
        {
            if (TryLowerTupleElementRead(field, out Expr? tupleElement)) return tupleElement;

            if (SinCosCall(field.Instance) is { } sinCos && TupleElement(field.Field) is int element)
            {
                // Math.SinCos(x).Sin / .Cos (or .Item1 / .Item2): one element of the pair.
                return LowerSinCosElement(sinCos, element, out _);
            }

            return LowerMemberRead(field, field.Field.IsStatic, field.Instance, field.Field.Name, field.Field.ContainingType, field.Type);
        }

        /// <summary>The IR type of a passive value: a computable type, or an opaque one GradGen only passes on
        /// (to a call, as a receiver); null after reporting at <paramref name="at"/> a type generated code cannot name.</summary>
        private TypeRef? PassiveType(ITypeSymbol type, SyntaxNode at) =>
            SymbolFacts.Classify(type) ?? (NameOf(type, at) is { } name ? new TypeRef(ScalarKind.Other, Shape.Scalar, name) : null);

        /// <summary>The name generated code gives <paramref name="type"/>, or null after reporting at
        /// <paramref name="at"/> that it has none (see <see cref="SymbolFacts.NameOf"/>).</summary>
        private TypeName? NameOf(ITypeSymbol type, SyntaxNode at)
        {
            if (SymbolFacts.NameOf(type) is { } name) return name;
            Report(DiagnosticDescriptors.UnsupportedExpression, at.GetLocation(), Abbreviate(at),
                "generated code cannot name the type '" + type.ToDisplayString() + "'; pointers, function pointers, anonymous types and types that do not resolve cannot be passed through");
            return null;
        }

        /// <summary>Members already warned about (<see cref="DiagnosticDescriptors.MemberHeldConstant"/>): once per member and method.</summary>
        private readonly HashSet<ISymbol> _membersHeldConstant = new(SymbolEqualityComparer.Default);

        /// <summary>
        /// GG1008 at the first read of a member of differentiable type (double, float, their arrays and grids) that gets no
        /// derivative: a field or property of <c>this</c>, a static one, or a member of a parameter GradGen does not
        /// differentiate (not [NoDerivative]). Nothing is held constant without a word; reading it through
        /// <c>Gradients.WithoutDerivative(...)</c> says it is meant, and a const is folded, not read.
        /// </summary>
        private void WarnIfHeldConstant(IOperation operation, TypeRef type, bool isStatic, IOperation? instance)
        {
            if (_heldConstant > 0 || !(type.IsReal || type.IsRealSequence || type.IsRealGrid)) return;
            ISymbol? member = operation switch
            {
                IFieldReferenceOperation field => field.Field,
                IPropertyReferenceOperation property => property.Property,
                _ => null,
            };
            if (member is null || member is IFieldSymbol { IsConst: true }) return;

            // The root of a chain of member reads, a.B.C: this, a type (static), a parameter, or something else.
            IOperation? root = isStatic ? null : instance;
            while (root is IFieldReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: false })
            {
                root = root is IFieldReferenceOperation f ? f.Instance : ((IPropertyReferenceOperation)root).Instance;
            }

            string? whose = root switch
            {
                null => "static",
                IInstanceReferenceOperation => "this",
                IParameterReferenceOperation { Parameter: var p } when !SymbolFacts.HasNoDerivative(p) && SymbolFacts.Classify(p.Type) is null && !_unbuildableModelParameters.Contains(p) => "parameter " + p.Name,
                _ => null,
            };
            if (whose is null || !_membersHeldConstant.Add(member)) return;

            string display = Abbreviate(operation.Syntax);
            (string what, string advice) = whose switch
            {
                "static" => ("a static " + (member is IFieldSymbol ? "field" : "property"),
                    "Pass it as a parameter to differentiate with respect to it, make it const if it is a compile-time constant, or read it through Gradients.WithoutDerivative(...) to say it is data"),
                "this" => ("a " + (member is IFieldSymbol ? "field" : "property") + " of this instance",
                    "Pass it as a parameter to differentiate with respect to it, or read it through Gradients.WithoutDerivative(...) to say it is data"),
                _ => ("a member of the parameter '" + whose.Substring("parameter ".Length) + "', whose type GradGen does not differentiate",
                    "Pass the values as double, float or array parameters to differentiate with respect to them, or mark '" + whose.Substring("parameter ".Length) + "' [NoDerivative] to say it is data"),
            };
            Report(DiagnosticDescriptors.MemberHeldConstant, operation.Syntax.GetLocation(), display, what, advice);
        }

        private Expr? LowerMemberRead(IOperation operation, bool isStatic, IOperation? instance, string name, INamedTypeSymbol containingType, ITypeSymbol? type)
        {
            if (type is null || type.IsRefLikeType && SymbolFacts.Classify(type) is null || type is IPointerTypeSymbol or IFunctionPointerTypeSymbol)
            {
                return Unsupported(operation, "members of type '" + (type?.ToDisplayString() ?? "?") + "' are not supported");
            }

            if (!isStatic && instance is not null && ModelChain(operation) is { } chain)
            {
                return LowerModelMemberRead(operation, chain.Root, chain.RootName, chain.Path, type);
            }

            if (!isStatic && instance is not null && OperatorResultMember(operation, out bool ofOperator) is var member && ofOperator)
            {
                return member;
            }

            if (PassiveType(type, operation.Syntax) is not { } resultType) return null;
            WarnIfHeldConstant(operation, resultType, isStatic, instance);
            if (isStatic || instance is null)
            {
                return NameOf(containingType, operation.Syntax) is { } owner ? new MemberRead(null, name, resultType, owner) : null;
            }

            Expr? receiver = LowerExpression(instance);
            return receiver is null ? null : new MemberRead(receiver, name, resultType);
        }

        /// <summary>GG0021 at <paramref name="operation"/>, which uses the model value <paramref name="what"/> (a model-type
        /// parameter, or a nested value of one) as a whole.</summary>
        private Expr? ModelUsedWhole(IOperation operation, string what, string root)
        {
            Report(DiagnosticDescriptors.ModelValueUsedWhole, operation.Syntax.GetLocation(), Abbreviate(operation.Syntax), what,
                "Read its double, float and array members (" + root + ".W, " + root + ".Weights[i]) and use those, "
                + (root == "this" ? "or remove WithRespectToThis = true to hold the instance constant" : "or mark '" + root + "' [NoDerivative] if it is data"));
            return null;
        }

        /// <summary>For a chain of instance member reads that starts at a model-type parameter (or at <c>this</c> differentiated
        /// WithRespectToThis): the root's symbol and name and the member path; null for any other chain.</summary>
        private (ISymbol Root, string RootName, List<string> Path)? ModelChain(IOperation operation)
        {
            var path = new List<string>();
            for (IOperation? current = operation; ;)
            {
                switch (current)
                {
                    case IFieldReferenceOperation { Field.IsStatic: false, Instance: { } inner } field:
                        path.Insert(0, field.Field.Name);
                        current = inner;
                        continue;
                    case IPropertyReferenceOperation { Property.IsStatic: false, Property.IsIndexer: false, Instance: { } inner } property:
                        path.Insert(0, property.Property.Name);
                        current = inner;
                        continue;
                    case IParameterReferenceOperation parameter when _modelLeaves.ContainsKey(parameter.Parameter):
                        return (parameter.Parameter, parameter.Parameter.Name, path);
                    case IInstanceReferenceOperation when _modelLeaves.ContainsKey(_method.ContainingType):
                        return (_method.ContainingType, "this", path);
                    case ILocalReferenceOperation local when _modelLeaves.ContainsKey(local.Local):
                        return (local.Local, local.Local.Name, path);
                    default:
                        return null;
                }
            }
        }

        /// <summary>A member read of a model value: a leaf is its variable; a nested model value read whole is GG0021; a computed
        /// property of double or float type is GG0022; any other member (an int, a string) is data, read from the value.</summary>
        private Expr? LowerModelMemberRead(IOperation operation, ISymbol root, string rootName, List<string> path, ITypeSymbol type)
        {
            Dictionary<string, Variable> leaves = _modelLeaves[root];
            string access = string.Join(".", path);
            if (leaves.TryGetValue(access, out Variable? leaf))
            {
                NoteRead(leaf);
                return new VarRef(leaf);
            }

            if (leaves.Keys.Any(k => k.StartsWith(access + ".", StringComparison.Ordinal)))
            {
                return ModelUsedWhole(operation, rootName + "." + access, rootName);
            }

            if (SymbolFacts.Classify(type) is { } t && (t.IsReal || t.IsRealSequence || t.IsRealGrid) || ModelTypes.IsCandidate(type))
            {
                Report(DiagnosticDescriptors.ComputedModelMember, operation.Syntax.GetLocation(), Abbreviate(operation.Syntax),
                    root is ITypeSymbol owner ? owner.Name : ((IParameterSymbol)root).Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
                return null;
            }

            if (root is ILocalSymbol)
            {
                return Unsupported(operation, "a model local holds its double and float members only");
            }

            // Data the derivative does not depend on: read from the value itself.
            if (PassiveType(type, operation.Syntax) is not { } resultType) return null;
            IOperation receiver = operation is IFieldReferenceOperation f ? f.Instance! : ((IPropertyReferenceOperation)operation).Instance!;
            Expr? receiverValue = ModelReceiver(receiver);
            string name = operation is IFieldReferenceOperation field ? field.Field.Name : ((IPropertyReferenceOperation)operation).Property.Name;
            return receiverValue is null ? null : new MemberRead(receiverValue, name, resultType);
        }

        private Expr? ModelReceiver(IOperation receiver)
        {
            switch (receiver)
            {
                case IParameterReferenceOperation parameter when _variables.TryGetValue(parameter.Parameter, out Variable? variable):
                    return new VarRef(variable);
                case IParameterReferenceOperation:
                    return LowerExpression(receiver); // a primary constructor's parameter: the error says why
                case IInstanceReferenceOperation:
                    return new ThisRef(_thisType);
                case IFieldReferenceOperation field:
                    return PassiveType(field.Type!, receiver.Syntax) is { } ft && ModelReceiver(field.Instance!) is { } fr ? new MemberRead(fr, field.Field.Name, ft) : null;
                case IPropertyReferenceOperation property:
                    return PassiveType(property.Type!, receiver.Syntax) is { } pt && ModelReceiver(property.Instance!) is { } pr ? new MemberRead(pr, property.Property.Name, pt) : null;
                default:
                    return LowerExpression(receiver);
            }
        }

        private List<(IArgumentOperation Argument, Expr? Value)>? LowerArguments(IInvocationOperation invocation)
        {
            var arguments = new List<(IArgumentOperation, Expr?)>();
            bool ok = true;
            foreach (IArgumentOperation argument in invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
            {
                if (argument.ArgumentKind == ArgumentKind.ParamArray)
                {
                    Unsupported(argument, "params arguments are not supported; pass an array");
                    ok = false;
                    continue;
                }

                if (argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out)
                {
                    Report(DiagnosticDescriptors.WriteOutsideMethod, argument.Syntax.GetLocation(), (argument.Parameter.RefKind == RefKind.Ref ? "a ref" : "an out") + " argument", "Calls may only take their arguments by value or 'in'.");
                    ok = false;
                    continue;
                }

                Expr? value = LowerExpression(argument.Value);
                ok &= value is not null;
                arguments.Add((argument, value));
            }

            return ok ? arguments : null;
        }
    }
}
