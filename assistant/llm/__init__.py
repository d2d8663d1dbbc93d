"""The LLM path: chat models via langchain's init_chat_model, and scripted fakes for tests."""
