module.exports = require('../../eslint.suite.js')(__dirname);
