// bug: plain C division, which truncates toward zero
    return a / b;
}
